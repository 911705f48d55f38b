/** The package's node and credential classes; n8n itself loads them from the paths in package.json. */
export { HappyHorseApi } from "./credentials/HappyHorseApi.credentials.js"
export { HappyHorse } from "./nodes/HappyHorse/HappyHorse.node.js"
export { HappyHorseTrigger } from "./nodes/HappyHorseTrigger/HappyHorseTrigger.node.js"
