/** A fresh nonce for the player's one script and one style block. */
export const makeNonce = (random: () => number = Math.random): string => {
  const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
  let out = ""
  for (let i = 0; i < 32; i++) out += chars.charAt(Math.floor(random() * chars.length))
  return out
}

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c)

export interface PlayerPage {
  /** `webview.cspSource`. */
  readonly cspSource: string
  /** `webview.asWebviewUri(file)`, as a string. */
  readonly videoSrc: string
  readonly title: string
  readonly nonce: string
}

/** The strict CSP: nothing by default; media only from the webview's own resource origin; one nonced script and style. */
export const playerCsp = (cspSource: string, nonce: string): string =>
  [
    "default-src 'none'",
    `media-src ${cspSource}`,
    `img-src ${cspSource}`,
    `style-src 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
  ].join("; ")

/**
 * The player page. It reports `loadeddata` (and marks the body, for the end-to-end test) and, when the
 * webview cannot decode the file, offers VS Code's own preview or the system player instead.
 */
export const playerHtml = (page: PlayerPage): string => `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${playerCsp(page.cspSource, page.nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(page.title)}</title>
<style nonce="${page.nonce}">
  body { margin: 0; padding: 12px; font-family: var(--vscode-font-family); color: var(--vscode-foreground); }
  video { display: block; max-width: 100%; max-height: calc(100vh - 80px); margin: 0 auto; background: #000; }
  #fallback { display: none; margin-top: 12px; }
  body[data-state="error"] #fallback { display: block; }
  button { margin-right: 8px; color: var(--vscode-button-foreground); background: var(--vscode-button-background); border: none; padding: 4px 10px; cursor: pointer; }
  p { opacity: 0.8; }
</style>
</head>
<body data-state="loading">
<video id="player" src="${escapeHtml(page.videoSrc)}" controls autoplay muted playsinline></video>
<p>${escapeHtml(page.title)}</p>
<div id="fallback">
  <p>This player cannot play the file.</p>
  <button id="open-preview">Open in VS Code</button>
  <button id="open-external">Open in system player</button>
</div>
<script nonce="${page.nonce}">
  const vscode = acquireVsCodeApi();
  const video = document.getElementById("player");
  video.addEventListener("loadeddata", () => {
    document.body.dataset.state = "loaded";
    vscode.postMessage({ type: "loadeddata", width: video.videoWidth, height: video.videoHeight, duration: video.duration });
  });
  video.addEventListener("error", () => {
    document.body.dataset.state = "error";
    vscode.postMessage({ type: "error", code: video.error ? video.error.code : 0 });
  });
  document.getElementById("open-preview").addEventListener("click", () => vscode.postMessage({ type: "open-preview" }));
  document.getElementById("open-external").addEventListener("click", () => vscode.postMessage({ type: "open-external" }));
</script>
</body>
</html>`
