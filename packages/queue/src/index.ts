/**
 * @happyhorse/queue: HappyHorse generations across many workers on BullMQ and Redis.
 * One paid submit per job, a global submit rate and concurrency, and polls that hold no worker slot.
 */
export { DEFAULT_PREFIX, DEFAULT_QUEUE_NAME, type QueueConfig, type QueueNames, namesOf } from "./config/QueueConfig.js"
export { type GatewayRate, type Limiter, limiterFor, limiterThroughput } from "./config/limiter.js"
export { BadJobData, NotInDoubt, QueueError, QueueInputError } from "./domain/Errors.js"
export { Decision, JobData, JobProgress, JobResult, SubmitOutcome, TrackedTask } from "./domain/JobData.js"
export {
  enqueue,
  type EnqueueResult,
  layerProducer,
  makeProducer,
  type Producer,
  QueueProducer,
  type QueueItem,
  SUBMIT_ATTEMPTS,
} from "./producer/Producer.js"
export { readRequests } from "./producer/readRequests.js"
export { makeWorker, type RunningWorker, startWorker, type WorkerOptions } from "./worker/QueueWorker.js"
export type { GatewayConnection } from "./worker/clientLayer.js"
export type { WorkerEvent } from "./worker/WorkerEvent.js"
export { obliterate, queueStatus, type QueueStatus, type StateCounts } from "./admin/status.js"
export { type InDoubtJob, listInDoubt, resolveInDoubt } from "./admin/inDoubt.js"
export { makeQueueCommand, queueCommand, type QueueCommandOptions } from "./cli/queueCommand.js"
