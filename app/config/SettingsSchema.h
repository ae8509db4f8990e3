// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "config/Profile.h"
#include "config/ServerSettings.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace Config {

enum class ValueType { Bool, Int, String, Timespan, StringList, Headers };

enum class Availability {
    Both,        // in 7.15 and 8.19
    Removed8,    // 7.15 only, deprecated there and removed in 8.0 (replacement names the new key)
};

// Field accessors: one per value type, so the table below can read and write ServerSettings
// generically (YAML I/O, `config get/set`, the UI's key tooltips).
template <typename T>
using FieldRef = std::optional<T>& (*)(ServerSettings&);
using Accessor = std::variant<FieldRef<bool>, FieldRef<qint64>, FieldRef<QString>, FieldRef<Duration>,
                              FieldRef<QStringList>, FieldRef<HeaderMap>>;

// One `apm-server.*` key the product manages (reference §7).
struct KeyInfo
{
    QString key;          // relative to "apm-server.", e.g. "auth.secret_token"
    ValueType type;
    QString default715;   // APM Server's default as YAML text ("" = none / empty)
    QString default819;
    QString section;      // reference section, e.g. "§3.5"
    const char* help;     // one sentence (translate with QCoreApplication::translate("Config::Schema", help))
    Accessor accessor;
    Availability availability = Availability::Both;
    QString replacement = {}; // Removed8: the key that replaces it
    bool secret = false;  // the value should be a ${NAME} reference
    QStringList allowed = {}; // enumerations (client_authentication …)

    QString fullKey() const { return QStringLiteral("apm-server.") + key; }
    QString defaultFor(Profile p) const { return p == Profile::V7_15 ? default715 : default819; }
    QString helpText() const;
};

const QList<KeyInfo>& settingsSchema();
// Accepts "auth.secret_token" or "apm-server.auth.secret_token".
const KeyInfo* findKey(const QString& key);

// Keys under apm-server that APM Server knows but this product does not manage (jaeger, ilm,
// sampling, …): the unknown-key linter must not flag them. Prefix match on dotted keys.
bool isKnownUnmanagedKey(const QString& relativeKey);

// Closest managed or known key names to a typo (Levenshtein), best first.
QStringList suggestKeys(const QString& relativeKey, int max = 1);

} // namespace Config
