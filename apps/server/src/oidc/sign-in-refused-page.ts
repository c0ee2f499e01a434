const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[char] ?? char,
  );

/** A plain page (no script, no style: the dashboard's CSP applies) saying why sign-in stopped and where to go. */
export function signInRefusedPage(title: string, message: string): string {
  return `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)} — Smart Attendance</title></head>
  <body>
    <main id="sign-in-refused">
      <h1>${escapeHtml(title)}</h1>
      <p>${escapeHtml(message)}</p>
      <p><a href="/ui/">Back to sign-in</a></p>
    </main>
  </body>
</html>
`;
}
