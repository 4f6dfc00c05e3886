#!/usr/bin/env node
// The `journal` command: runs the TypeScript CLI through tsx's loader, in this process
// (so Ctrl+C and SIGTERM reach the server directly).
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
