/**
 * libxml2-wasm, re-exported from a module of its own so that its chunk in a bundle is named for it (libxml2-*.mjs):
 * validate.ts loads this with `import()` on first use (ADR 022).
 */
export * from 'libxml2-wasm';
