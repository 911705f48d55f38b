import type { AppOptions } from "./AppOptions.js"
import { makeAuthentication } from "./authentication.js"
import { editVideo } from "./creates/editVideo.js"
import { generateFromImage } from "./creates/generateFromImage.js"
import { generateFromReferences } from "./creates/generateFromReferences.js"
import { generateFromText } from "./creates/generateFromText.js"
import { makeVideoCreate } from "./creates/videoCreate.js"
import { makeVideoHydrator } from "./hydrators/videoFile.js"
import { makeFindTask } from "./searches/findTask.js"

/** Kept equal to package.json by a test; Zapier reads it from the definition. */
export const APP_VERSION = "0.1.0"
/** The zapier-platform-core this app is pinned to. */
export const PLATFORM_VERSION = "19.1.0"

/** The Zapier app definition. Options are test settings; production uses none. */
export const makeApp = (options: AppOptions = {}) => {
  // One hydrator per app: dehydrated files point at this exact function.
  const hydrators = { downloadVideo: makeVideoHydrator(options) }
  const deps = { options, hydrator: hydrators.downloadVideo }
  // Keys are written out so that each create is typed by name; Zapier's schema checks they match.
  const creates = {
    generate_video_from_text: makeVideoCreate(generateFromText, deps),
    generate_video_from_image: makeVideoCreate(generateFromImage, deps),
    generate_video_from_references: makeVideoCreate(generateFromReferences, deps),
    edit_video: makeVideoCreate(editVideo, deps),
  }
  return {
    version: APP_VERSION,
    platformVersion: PLATFORM_VERSION,
    authentication: makeAuthentication(options),
    hydrators,
    triggers: {},
    creates,
    searches: { find_task: makeFindTask(options, hydrators.downloadVideo) },
  }
}

export type HappyHorseApp = ReturnType<typeof makeApp>
