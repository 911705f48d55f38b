/** Node entry: the Promise facade and file helpers. */
export {
  type CallOptions,
  type Client,
  type CreateClientOptions,
  createClient,
  type DownloadCallOptions,
  type GenerateManyCallOptions,
  type GenerateCallOptions,
  type WaitOptions,
} from "./createClient.js"
export * from "../index.js"
export { checkImageFile } from "./imageFile.js"
export { ConfigFile, configPath, readConfigFile } from "./configFile.js"
export { layerNodeFileTransfer, nodeFileTransfer } from "./nodeFileTransfer.js"
export { type VideoStream, type VideoStreamOptions, withVideoStream } from "./videoStream.js"
