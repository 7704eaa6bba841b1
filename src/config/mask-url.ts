/** The URL with its password (in the user info or a `password` parameter) replaced by ***, fit for logs. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
    return parsed.toString();
  } catch {
    // Not a URL: hide whatever lies between the user's `:` and the last `@`, as that may be a password.
    const at = url.lastIndexOf('@');
    const colon = url.indexOf(':', url.includes('//') ? url.indexOf('//') + 2 : 0);
    return colon < 0 || colon > at ? url : `${url.slice(0, colon + 1)}***${url.slice(at)}`;
  }
}
