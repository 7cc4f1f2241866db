// The mvsim version written into the headers of history files mvsim produces.
// Contract: equals package.json's "version" (test/history/metadata.test.ts holds it there).
export const MVSIM_VERSION = "0.1.0";
