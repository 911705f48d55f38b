#!/usr/bin/env node
// The built command; run `pnpm build` first in a clone.
import "../dist/bin.js"
