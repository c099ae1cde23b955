import { App } from 'antd';
import { errorText } from './form-errors';

/**
 * A one-click action (revoke, stop, replay): runs it, then says it was done or why it was not, as
 * a toast in the user's language.
 */
export function useAction() {
  const { message } = App.useApp();
  return async (run: () => Promise<unknown>, done?: string): Promise<void> => {
    try {
      await run();
      if (done) void message.success(done);
    } catch (e) {
      void message.error(errorText(e));
    }
  };
}
