import * as Effect from "effect/Effect"
import * as Either from "effect/Either"
import type { GatewayFailure } from "../../src/domain/Errors.js"

/** Run a decoder and hand back its result or its typed error, for plain assertions. */
export const outcome = <A>(effect: Effect.Effect<A, GatewayFailure>) => Effect.either(effect)

export const successOf = <A, E>(either: Either.Either<A, E>): A => {
  if (Either.isLeft(either)) throw new Error(`expected success, got ${JSON.stringify(either.left)}`)
  return either.right
}

export const failureOf = <A, E>(either: Either.Either<A, E>): E => {
  if (Either.isRight(either)) throw new Error(`expected failure, got ${JSON.stringify(either.right)}`)
  return either.left
}
