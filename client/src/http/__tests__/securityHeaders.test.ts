import { contentSecurityPolicy, newNonce, securityHeaders } from '../securityHeaders';

const production = { pathname: '/login', nonce: 'bm9uY2U=', development: false };

function directive(policy: string, name: string): string | undefined {
  return policy
    .split('; ')
    .find((part) => part.startsWith(`${name} `))
    ?.slice(name.length + 1);
}

describe('contentSecurityPolicy', () => {
  it('lets scripts run only with the nonce, never inline or through eval, in production', () => {
    const scripts = directive(contentSecurityPolicy(production), 'script-src');

    expect(scripts).toBe("'self' 'nonce-bm9uY2U=' 'strict-dynamic'");
  });

  it('allows inline styles only by nonce in production', () => {
    expect(directive(contentSecurityPolicy(production), 'style-src')).toBe("'self' 'nonce-bm9uY2U='");
  });

  it('allows what next dev needs (eval for React’s error overlay, inline styles) only in development', () => {
    const policy = contentSecurityPolicy({ ...production, development: true });

    expect(directive(policy, 'script-src')).toContain("'unsafe-eval'");
    expect(directive(policy, 'style-src')).toContain("'unsafe-inline'");
  });

  it('refuses framing, plugins, other origins for requests and a foreign <base>', () => {
    const policy = contentSecurityPolicy(production);

    expect(directive(policy, 'frame-ancestors')).toBe("'none'");
    expect(directive(policy, 'connect-src')).toBe("'self'");
    expect(directive(policy, 'default-src')).toBe("'self'");
    expect(directive(policy, 'object-src')).toBe("'none'");
    expect(directive(policy, 'base-uri')).toBe("'none'");
    expect(directive(policy, 'form-action')).toBe("'self'");
  });
});

describe('securityHeaders', () => {
  it('denies framing and sniffing, limits the referrer and powerful features', () => {
    const headers = securityHeaders(production);

    expect(headers['X-Frame-Options']).toBe('DENY');
    expect(headers['X-Content-Type-Options']).toBe('nosniff');
    expect(headers['Referrer-Policy']).toBe('strict-origin-when-cross-origin');
    expect(headers['Permissions-Policy']).toBe('camera=(), microphone=(), geolocation=(), payment=(), usb=()');
  });

  it.each(['/reset-password', '/verify-email', '/reset-password/step'])(
    'sends no referrer from %s, whose URL carries a token',
    (pathname) => {
      expect(securityHeaders({ ...production, pathname })['Referrer-Policy']).toBe('no-referrer');
    },
  );

  it('does not mistake a look-alike path for a token page', () => {
    expect(securityHeaders({ ...production, pathname: '/reset-passwords' })['Referrer-Policy']).toBe(
      'strict-origin-when-cross-origin',
    );
  });

  it('asks for HTTPS (HSTS) in production only', () => {
    expect(securityHeaders(production)['Strict-Transport-Security']).toBe('max-age=31536000; includeSubDomains');
    expect(securityHeaders({ ...production, development: true })['Strict-Transport-Security']).toBeUndefined();
  });
});

describe('newNonce', () => {
  it('is 128 random bits, new every time', () => {
    const nonces = new Set(Array.from({ length: 100 }, newNonce));

    expect(nonces.size).toBe(100);
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16);
  });
});
