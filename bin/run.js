#!/usr/bin/env node
// oclif entry point: the command manifest (oclif.manifest.json) keeps start-up from scanning dist/commands.
import { execute } from '@oclif/core';

await execute({ dir: import.meta.url });
