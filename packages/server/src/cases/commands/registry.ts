import type { z } from 'zod';
import type { CaseCommand } from '@qisu/core';
import { accept } from './accept.js';
import { answer } from './answer.js';
import { appeal } from './appeal.js';
import type { CaseCommandDef } from './command.js';
import { completeMilestone } from './complete-milestone.js';
import { close } from './close.js';
import { contact } from './contact.js';
import { decideExtension } from './decide-extension.js';
import { dispatch } from './dispatch.js';
import { escalate } from './escalate.js';
import { extend } from './extend.js';
import { feedback } from './feedback.js';
import { handUp } from './hand-up.js';
import { merge } from './merge.js';
import { plan } from './plan.js';
import { rate } from './rate.js';
import { reject } from './reject.js';
import { reply } from './reply.js';
import { respondSupervision } from './respond-supervision.js';
import { returnCase } from './return.js';
import { review } from './review.js';
import { reviewForm } from './review-form.js';
import { revisit } from './revisit.js';
import { sign } from './sign.js';
import { supervise } from './supervise.js';

/** Every named command of SPEC §10 by its name; core's `CASE_COMMANDS` is the list, this is the code. */
export const COMMANDS = {
  accept,
  reject,
  merge,
  answer,
  dispatch,
  sign,
  contact,
  feedback,
  reply,
  return: returnCase,
  rate,
  revisit,
  review,
  close,
  escalate,
  extend,
  'decide-extension': decideExtension,
  supervise,
  plan,
  'complete-milestone': completeMilestone,
  'review-form': reviewForm,
  appeal,
  'respond-supervision': respondSupervision,
  'hand-up': handUp,
} satisfies { [C in CaseCommand]: CaseCommandDef<C> };

/** The request body of each command, as its schema parses it. */
export type CommandBodies = { [C in CaseCommand]: z.infer<(typeof COMMANDS)[C]['body']> };
