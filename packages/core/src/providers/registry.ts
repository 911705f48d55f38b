import type { GatewayName } from "../domain/Gateway.js"
import { acedata } from "./acedata.js"
import { dashscope } from "./dashscope.js"
import type { Dialect } from "./Dialect.js"
import { evolink } from "./evolink.js"
import { tokenbay } from "./tokenbay.js"
import { ttapi } from "./ttapi.js"

/** Every gateway's dialect, by name. */
export const dialects: Readonly<Record<GatewayName, Dialect>> = { ttapi, tokenbay, evolink, acedata, dashscope }

export const dialectFor = (name: GatewayName): Dialect => dialects[name]
