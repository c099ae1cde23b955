import { isBuiltin } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { BuildOptions, Plugin } from 'esbuild';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ENTRY = fileURLToPath(new URL('./index.ts', import.meta.url));

/** Bundles for the browser as the console's bundler would, and lists every Node builtin imported on the way. */
async function bundleForBrowser(
  input: Pick<BuildOptions, 'entryPoints' | 'stdin'>,
): Promise<{ nodeImports: string[]; errors: string[]; bytes: number }> {
  const nodeImports: string[] = [];
  const catchNode: Plugin = {
    name: 'catch-node-builtins',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!isBuiltin(args.path)) return undefined;
        nodeImports.push(`${args.path} (from ${args.importer})`);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    ...input,
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    plugins: [catchNode],
  }).catch((error: { errors?: { text: string }[]; message?: string }) => ({
    errors: error.errors ?? [{ text: error.message ?? 'esbuild failed' }],
    outputFiles: [],
  }));
  return {
    nodeImports,
    errors: result.errors.map((e) => e.text),
    bytes: result.outputFiles?.reduce((n, f) => n + f.contents.byteLength, 0) ?? 0,
  };
}

describe('core in the browser', () => {
  it('bundles for the browser platform without any Node builtin', async () => {
    const { nodeImports, errors, bytes } = await bundleForBrowser({ entryPoints: [ENTRY] });
    expect(errors).toEqual([]);
    expect(nodeImports).toEqual([]);
    expect(bytes).toBeGreaterThan(10_000);
  });

  it('would notice a Node builtin, with or without the node: prefix', async () => {
    const { nodeImports } = await bundleForBrowser({
      stdin: {
        contents: "import { createHash } from 'node:crypto'; import { join } from 'path'; export { createHash, join };",
        resolveDir: fileURLToPath(new URL('.', import.meta.url)),
        loader: 'ts',
      },
    });
    expect(nodeImports.map((i) => i.split(' ')[0])).toEqual(['node:crypto', 'path']);
  });
});
