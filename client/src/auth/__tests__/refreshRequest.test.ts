import { requestRefresh } from '../refreshRequest';

const payload = { accessToken: 'token-1', expiresAt: '2026-11-28T12:00:04.000Z', user: { id: 'u1', email: 'a@b.c' } };

function respond(status: number, body: unknown): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status });
}

describe('requestRefresh', () => {
  const realFetch = global.fetch;
  let fetchMock: jest.Mock<Promise<Response>, Parameters<typeof fetch>>;

  beforeEach(() => {
    fetchMock = jest.fn();
    global.fetch = fetchMock;
  });

  afterEach(() => {
    global.fetch = realFetch;
  });

  it('sends the cookie along and returns the new token', async () => {
    fetchMock.mockResolvedValueOnce(respond(200, { data: { refreshToken: payload } }));

    expect(await requestRefresh()).toEqual(payload);
    expect(fetchMock.mock.calls[0]?.[1]).toMatchObject({ method: 'POST', credentials: 'same-origin' });
  });

  it('returns null when the cookie is refused, without asking again', async () => {
    fetchMock.mockResolvedValueOnce(
      respond(200, { data: null, errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] }),
    );

    expect(await requestRefresh()).toBeNull();
    expect(fetchMock).toHaveBeenCalledTimes(1);
  });

  it('tries once more after a failure in transit', async () => {
    fetchMock
      .mockResolvedValueOnce(respond(500, 'Internal Server Error'))
      .mockResolvedValueOnce(respond(200, { data: { refreshToken: payload } }));

    expect(await requestRefresh()).toEqual(payload);
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('throws when the API stays unreachable', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));

    await expect(requestRefresh()).rejects.toThrow('Failed to fetch');
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });
});
