import { describe, expect, it } from 'vitest';
import { displayPath, escapeXml, oneLine, stripControls } from '../../src/report/text.js';

describe('text hygiene', () => {
  it('stripControls removes ESC/CSI introducers, BEL and C1, keeps tab, newline and printable text', () => {
    expect(stripControls('a\u001b[2Jb\u0007c\u009b1md\te\nf é ✓')).toBe('a[2Jbc1md\te\nf é ✓');
  });
  it('oneLine folds every line break to a space', () => {
    expect(oneLine('a\r\nb\nc\rd\u2028e')).toBe('a b c d e');
  });
  it('escapeXml escapes the five XML specials', () => {
    expect(escapeXml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
  it('displayPath is relative to cwd with / separators, pseudo paths unchanged', () => {
    expect(displayPath('/repo/k8s/a.yaml', '/repo')).toBe('k8s/a.yaml');
    expect(displayPath('k8s/a.yaml', '/repo')).toBe('k8s/a.yaml');
    expect(displayPath('<stdin>', '/repo')).toBe('<stdin>');
  });
});
