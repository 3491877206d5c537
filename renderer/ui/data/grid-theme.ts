// The canvas grid's palette for each scheme (it cannot read CSS variables), kept in step with styles/app.css.

import type { Theme } from '@glideapps/glide-data-grid';

/** Extra colours the grid's custom drawing uses. */
export interface GridPalette {
  theme: Partial<Theme>;
  markBg: string;
  markText: string;
  badgeBg: string;
  badgeFg: string;
  histogram: string;
  lineText: string;
}

const FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

/** The palette for a scheme. */
export function gridPalette(scheme: 'light' | 'dark'): GridPalette {
  const dark = scheme === 'dark';
  return {
    theme: {
      accentColor: dark ? '#3794ff' : '#0b5cad',
      accentLight: dark ? 'rgba(55, 148, 255, 0.18)' : 'rgba(11, 92, 173, 0.10)',
      textDark: dark ? '#d4d4d4' : '#1f2328',
      textMedium: dark ? '#a0a0a0' : '#59636e',
      textLight: dark ? '#7a7a7a' : '#818b98',
      textHeader: dark ? '#d4d4d4' : '#1f2328',
      textHeaderSelected: '#ffffff',
      bgCell: dark ? '#1e1e1e' : '#ffffff',
      bgCellMedium: dark ? '#252526' : '#f6f8fa',
      bgHeader: dark ? '#252526' : '#f6f8fa',
      bgHeaderHasFocus: dark ? '#2d2d30' : '#eef1f4',
      bgHeaderHovered: dark ? '#2d2d30' : '#eef1f4',
      borderColor: dark ? 'rgba(255,255,255,0.08)' : 'rgba(31,35,40,0.10)',
      horizontalBorderColor: dark ? 'rgba(255,255,255,0.05)' : 'rgba(31,35,40,0.06)',
      headerBottomBorderColor: dark ? '#3c3c3c' : '#d8dee4',
      fontFamily: FONT,
      baseFontStyle: '13px',
      headerFontStyle: '600 12px',
      markerFontStyle: '11px',
      cellHorizontalPadding: 8,
      cellVerticalPadding: 4,
      linkColor: dark ? '#3794ff' : '#0b5cad',
    },
    markBg: dark ? '#4a2622' : '#ffebe9',
    markText: dark ? '#ffb4a8' : '#a40e26',
    badgeBg: dark ? '#f48771' : '#c4262e',
    badgeFg: dark ? '#1e1e1e' : '#ffffff',
    histogram: dark ? 'rgba(55, 148, 255, 0.55)' : 'rgba(11, 92, 173, 0.45)',
    lineText: dark ? '#7a7a7a' : '#818b98',
  };
}
