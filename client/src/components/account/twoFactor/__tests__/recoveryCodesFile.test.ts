import { recoveryCodesText } from '../recoveryCodesFile';

describe('recoveryCodesText', () => {
  it('names the account and lists one code a line', () => {
    const codes = ['ABCD-EFGH-JKLM', 'NPQR-STUV-WXYZ'];

    const text = recoveryCodesText(codes, 'ada@example.com', new Date('2026-12-02T03:30:00Z'));

    expect(text).toContain('ada@example.com');
    expect(text).toContain('2026-12-02T03:30:00.000Z');
    expect(text.trimEnd().split('\n').slice(-2)).toEqual(codes);
  });
});
