/** The parts of the queue commands that load BullMQ and ioredis; imported only when one of them runs. */
export { listInDoubt, resolveInDoubt } from "../admin/inDoubt.js"
export { queueStatus } from "../admin/status.js"
export { makeProducer } from "../producer/Producer.js"
export { makeWorker } from "../worker/QueueWorker.js"
