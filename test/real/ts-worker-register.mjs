// `--import` entry for test workers: registers ts-worker-hooks.mjs.
import { register } from "node:module";
register("./ts-worker-hooks.mjs", import.meta.url);
