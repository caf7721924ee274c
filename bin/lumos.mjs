#!/usr/bin/env node
// Runs the TypeScript sources directly (no build step): tsx is a runtime dependency. Importing tsx relative to
// this file, and the entry by URL, makes `lumos` work from any working directory.
// Note: hooks registered this way do not reach worker_threads; workers must bootstrap tsx themselves.
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
await import(new URL('../src/cli/main.ts', import.meta.url).href);
