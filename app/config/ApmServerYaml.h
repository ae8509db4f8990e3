// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
#pragma once

#include "core/Result.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace Config {

// A value as the editor reads or writes it. Scalars keep their text; `${NAME}` references are
// ordinary scalars and stay references.
struct YamlValue
{
    enum class Kind { Scalar, List, Map, Null };
    Kind kind = Kind::Null;
    QString scalar;                            // Kind::Scalar
    QStringList list;                          // Kind::List (scalars only)
    QList<QPair<QString, QStringList>> map;    // Kind::Map: key → one or more scalar values

    static YamlValue fromScalar(const QString& s) { YamlValue v; v.kind = Kind::Scalar; v.scalar = s; return v; }
    static YamlValue fromList(const QStringList& l) { YamlValue v; v.kind = Kind::List; v.list = l; return v; }
    static YamlValue fromMap(const QList<QPair<QString, QStringList>>& m) { YamlValue v; v.kind = Kind::Map; v.map = m; return v; }
    bool operator==(const YamlValue&) const = default;
};

// One key of the document, flattened to its full dotted path. libbeat treats dots in keys as
// nesting, so `apm-server.rum.enabled: true`, `apm-server: {rum.enabled: true}` and the nested
// block form all give the path "apm-server.rum.enabled".
struct YamlEntry
{
    QString path;       // e.g. "apm-server.auth.secret_token"
    YamlValue value;    // Kind::Map only for a mapping whose values are all scalars/lists of scalars
    int line = 0;       // 1-based line of the key
    int column = 0;     // 1-based column of the key
};

// apm-server.yml, loaded with yaml-cpp and edited *losslessly*: edits are applied to the
// original text at the positions yaml-cpp reports, so comments, order, blank lines and keys the
// app does not manage survive byte for byte. parse() then text() is byte-identical.
class ApmServerYaml
{
public:
    ApmServerYaml();
    ~ApmServerYaml();
    ApmServerYaml(const ApmServerYaml&);
    ApmServerYaml& operator=(const ApmServerYaml&);
    ApmServerYaml(ApmServerYaml&&) noexcept;
    ApmServerYaml& operator=(ApmServerYaml&&) noexcept;

    // Parses text. Malformed YAML gives an error whose message names line and column (1-based);
    // a document whose root is not a mapping (and not empty) is an error too.
    static Core::Result<ApmServerYaml> parse(const QByteArray& text, const QString& sourceName = {});
    // Reads and parses a file; errors name the file.
    static Core::Result<ApmServerYaml> load(const QString& path);
    // Writes text() atomically (QSaveFile) and keeps the previous file as "<path>.bak".
    Core::Result<void> save(const QString& path) const;

    const QByteArray& text() const;

    // Every key, flattened (see YamlEntry), in document order. Mappings are descended into, so a
    // mapping yields entries for its children, and additionally one entry with Kind::Map for a
    // mapping whose values are all scalars or lists of scalars (used for header maps).
    QList<YamlEntry> entries() const;
    std::optional<YamlEntry> entry(const QString& path) const;
    std::optional<YamlValue> value(const QString& path) const;

    // Sets the value at a dotted path. An existing value is replaced in place, keeping the
    // surrounding text (the key, its comment, the style where possible); an absent key is inserted
    // under its deepest existing parent mapping (e.g. under `apm-server:`) with the indentation of
    // its siblings, creating intermediate mappings as needed; with no `apm-server:` at all, one is
    // appended. Strings are quoted only when YAML needs it. The text is re-parsed afterwards and
    // the edit is refused (document untouched) if the result would not parse or would not read
    // back as `value`.
    Core::Result<void> set(const QString& path, const YamlValue& value);
    // Removes a key (and its value lines). Removing an absent key is a no-op.
    Core::Result<void> remove(const QString& path);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Config
