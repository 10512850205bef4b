import { svgDataUrl } from '../qrCode';

describe('svgDataUrl', () => {
  it('encodes the whole document, non-ASCII included, as a base64 image URL', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"><title>Ada’s code</title><path d="M0 0h1"/></svg>';

    const url = svgDataUrl(svg);

    expect(url.startsWith('data:image/svg+xml;base64,')).toBe(true);
    const decoded = Buffer.from(url.slice('data:image/svg+xml;base64,'.length), 'base64').toString('utf8');
    expect(decoded).toBe(svg);
  });

  it('leaves no markup in the URL, whatever the document holds', () => {
    const url = svgDataUrl('<svg><script>alert(1)</script><foreignObject><img onerror="x"/></foreignObject></svg>');

    expect(url).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
  });
});
