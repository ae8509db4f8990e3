// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#include "doctor/ErrorMatcher.h"

#include <algorithm>

namespace Doctor {

QList<CaseMatch> matchErrorText(const QString& text)
{
    QList<CaseMatch> matches;
    for (const Case& k : KnowledgeBase::cases()) {
        CaseMatch m;
        m.kase = &k;
        for (const QRegularExpression& re : KnowledgeBase::patterns(k.id)) {
            const QRegularExpressionMatch hit = re.match(text);
            if (!hit.hasMatch())
                continue;
            // A longer match is more specific ("tlsv13 alert certificate required" over "bad certificate").
            const int weight = 10 + int(hit.capturedLength());
            if (hit.capturedLength() > m.matchedText.size())
                m.matchedText = hit.captured();
            m.score += weight;
        }
        if (m.score > 0)
            matches.append(m);
    }
    std::stable_sort(matches.begin(), matches.end(),
                     [](const CaseMatch& a, const CaseMatch& b) { return a.score > b.score; });
    return matches;
}

} // namespace Doctor
