/**
 * Saves text as a file through a Blob and an object URL: nothing leaves the browser. The URL is revoked
 * once the click has been handled, so repeated exports do not keep old files in memory.
 */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download starts from the click's task; revoking in the same task can cancel it in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
