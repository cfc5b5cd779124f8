import { describe, expect, it } from 'vitest';
import { contrastRatio } from '../../src/site/contrast-ratio';

describe('contrastRatio', () => {
  it('is 21 for black on white and 1 for a colour on itself, in either order', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#fff', '#000')).toBeCloseTo(21, 5);
    expect(contrastRatio('#0a5bc4', '#0a5bc4')).toBe(1);
  });

  it('matches the WCAG figure for a known pair', () => {
    // #767676 on white is the classic lightest grey that passes AA (4.54:1).
    expect(contrastRatio('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });

  it('rejects anything but hex colours', () => {
    expect(() => contrastRatio('blue', '#fff')).toThrow(TypeError);
  });
});
