/**
 * A scripted browser at the test provider (plain fetch with a cookie jar): follows the authorization URL
 * through the development login and consent forms and answers where the provider finally redirects (the
 * relying party's callback with `code` and `state`), without following that last redirect.
 */
export async function signInAtProvider(authorizationUrl: string, login: string): Promise<URL> {
  const jar = new Map<string, string>();
  const origin = new URL(authorizationUrl).origin;
  const send = async (url: URL, body?: URLSearchParams) => {
    const response = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([name, value]) => `${name}=${value}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const equals = pair.indexOf('=');
      jar.set(pair.slice(0, equals), pair.slice(equals + 1));
    }
    return response;
  };

  let url = new URL(authorizationUrl);
  for (let step = 0; step < 12; step++) {
    const response = await send(url);
    const location = response.headers.get('location');
    if (location) {
      url = new URL(location, url);
      if (url.origin !== origin) return url;
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    if (!action || !prompt) {
      throw new Error(`unexpected provider page (${response.status}): ${page.slice(0, 300)}`);
    }
    const form = new URLSearchParams({ prompt });
    if (prompt === 'login') {
      form.set('login', login);
      form.set('password', 'any password');
    }
    const submitted = await send(new URL(action, url), form);
    const next = submitted.headers.get('location');
    if (!next) throw new Error(`the provider did not redirect after ${prompt} (${submitted.status})`);
    url = new URL(next, url);
    if (url.origin !== origin) return url;
  }
  throw new Error('too many steps at the provider');
}
