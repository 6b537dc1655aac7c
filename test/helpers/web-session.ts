/** Signs in to the web app as `userId` (dev sign-in) and returns the session cookie. */
export async function webSession(baseUrl: string, userId: number): Promise<string> {
  const res = await fetch(`${baseUrl}/web/v1/auth/dev`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: baseUrl },
    body: JSON.stringify({ userId: String(userId) }),
  });
  if (res.status !== 204) throw new Error(`dev sign-in answered ${res.status}: ${await res.text()}`);
  return res.headers.get('set-cookie')!.split(';')[0];
}
