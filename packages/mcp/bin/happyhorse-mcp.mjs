#!/usr/bin/env node
// The built server; run `pnpm build` first in a clone.
import "../dist/bin.js"
