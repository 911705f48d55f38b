import * as vscode from "vscode"
import type { ClientTarget } from "../client/ClientProvider.js"
import { InputDismissed } from "../domain/ExtensionErrors.js"
import { type EmbeddedSandbox, SANDBOX_TIME_SCALE } from "../sandbox/EmbeddedSandbox.js"
import type { ApiKeys } from "../secrets/ApiKeys.js"
import type { ExtensionSettings } from "../settings/ExtensionSettings.js"

export const TRY_SANDBOX = "Try the Sandbox"
export const SET_KEY = "Set API Key"

/** The window's choice to use the sandbox, kept until a key is set. */
export interface SandboxChoice {
  chosen: boolean
}

/**
 * The gateway a new task goes to: the configured provider with its stored key, or, with no key,
 * the embedded sandbox if the user takes the offer (a new user sees the whole flow at once).
 */
export const resolveTarget = async (
  settings: ExtensionSettings,
  keys: ApiKeys,
  sandbox: EmbeddedSandbox,
  choice: SandboxChoice,
  setKey: () => Promise<boolean>,
): Promise<ClientTarget> => {
  const real: ClientTarget = {
    provider: settings.provider,
    baseUrl: settings.baseUrl,
    sandbox: false,
    timeScale: settings.timeScale,
    timeoutMinutes: settings.timeoutMinutes,
  }
  if ((await keys.get(settings.provider)) !== undefined) return real
  if (!choice.chosen) {
    const pick = await vscode.window.showInformationMessage(
      `No API key is set for ${settings.provider}. Try the built-in sandbox first (local, free, placeholder videos), or set your key.`,
      { modal: false },
      TRY_SANDBOX,
      SET_KEY,
    )
    if (pick === SET_KEY) {
      if (await setKey()) return real
      throw new InputDismissed({ step: "api key" })
    }
    if (pick !== TRY_SANDBOX) throw new InputDismissed({ step: "api key" })
    choice.chosen = true
  }
  return {
    provider: settings.provider,
    baseUrl: await sandbox.urlFor(settings.provider),
    sandbox: true,
    timeScale: SANDBOX_TIME_SCALE,
    timeoutMinutes: settings.timeoutMinutes,
  }
}
