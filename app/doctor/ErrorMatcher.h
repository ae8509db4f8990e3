// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "doctor/KnowledgeBase.h"

#include <QList>
#include <QString>

namespace Doctor {

// A pasted agent, server or browser log line → the known cases it matches, best first.
struct CaseMatch
{
    const Case* kase = nullptr;
    int score = 0;          // number of symptom patterns that matched, weighted by their length
    QString matchedText;    // the part of the line the best pattern matched
};

QList<CaseMatch> matchErrorText(const QString& text);

} // namespace Doctor
