#!/usr/bin/env node
// The built CLI; run `pnpm build` first in a clone.
import "../dist/bin/bin.js"
