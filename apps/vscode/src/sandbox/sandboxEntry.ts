// Entry of dist/sandbox.js: the sandbox, bundled apart from the extension so activation stays small.
export { startSandbox } from "@happyhorse/sandbox"
