import type { ConnectionOptions } from "bullmq"

/** Where the queue lives. Every producer, worker and status reader of one queue uses the same values. */
export interface QueueConfig {
  /** redis://[user:password@]host:port[/db] */
  readonly redisUrl: string
  /** The BullMQ queue name; the submit step uses `<name>-submit`. Default "happyhorse". */
  readonly queueName?: string | undefined
  /** BullMQ key prefix; a distinct one per test run keeps runs apart. Default "bull". */
  readonly prefix?: string | undefined
}

export const DEFAULT_QUEUE_NAME = "happyhorse"
export const DEFAULT_PREFIX = "bull"

export interface QueueNames {
  readonly jobs: string
  readonly submit: string
  readonly prefix: string
  /** Spend and completion counters. */
  readonly statsKey: string
  /** Ids of jobs waiting for a person's decision. */
  readonly inDoubtKey: string
}

export const namesOf = (config: QueueConfig): QueueNames => {
  const jobs = config.queueName ?? DEFAULT_QUEUE_NAME
  const prefix = config.prefix ?? DEFAULT_PREFIX
  return {
    jobs,
    submit: `${jobs}-submit`,
    prefix,
    statsKey: `${prefix}:${jobs}:happyhorse:stats`,
    inDoubtKey: `${prefix}:${jobs}:happyhorse:in-doubt`,
  }
}

/** BullMQ needs maxRetriesPerRequest null on worker connections: a blocked read must wait, not fail. */
export const connectionOf = (config: QueueConfig): ConnectionOptions => ({ url: config.redisUrl, maxRetriesPerRequest: null })
