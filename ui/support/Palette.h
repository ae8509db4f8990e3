// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include <QColor>
#include <QPalette>

// Colours derived from the current palette, so highlighting and diff colours work in light and
// dark themes alike. Never hard-coded against a white background.
namespace Palette {

// True when the window background is dark.
bool isDark(const QPalette& palette);
// `accent` blended into the base colour (0 = base, 1 = accent): a tinted background.
QColor tint(const QPalette& palette, const QColor& accent, qreal amount);
// A readable foreground hue: `accent` moved towards the text colour's lightness.
QColor readable(const QPalette& palette, const QColor& accent);

// Semantic hues (tuned per light/dark).
QColor addedColor(const QPalette& palette);
QColor removedColor(const QPalette& palette);
QColor warningColor(const QPalette& palette);

// A dark Fusion palette (for `--dark`).
QPalette darkPalette();

} // namespace Palette
