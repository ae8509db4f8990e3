// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// Two apm-gatekeeper processes changing one API-key registry at the same time (creations
// interleaved with invalidations), while this test process creates keys through its own
// ApiKeyRegistry: afterwards every key is there exactly once, every invalidation stuck, and the
// file is valid JSON. This is what the QLockFile + read-modify-write in ApiKeyRegistry is for.
#include "apikeys/ApiKeyRegistry.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

namespace {

// Runs `apikey create` kCreates times in a row, and after every 5th creation invalidates the key
// created just before it by id (so invalidations race with the other chain's creations).
class Chain : public QObject
{
    Q_OBJECT

public:
    static constexpr int kCreates = 15; // enough interleaving to lose keys without the lock, cheap under ASan

    Chain(QString name, QString dataDir) : m_name(std::move(name)), m_dataDir(std::move(dataDir))
    {
        m_process.setProgram(QStringLiteral(GATEKEEPER_APP_PATH));
        connect(&m_process, &QProcess::finished, this, &Chain::stepFinished);
        connect(&m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
            if (e == QProcess::FailedToStart)
                fail(QStringLiteral("failed to start: ") + m_process.errorString());
        });
    }

    void start() { next(); }
    bool isDone() const { return m_done; }
    const QString& failure() const { return m_failure; }
    const QStringList& created() const { return m_created; }
    const QStringList& invalidated() const { return m_invalidated; }

private:
    void next()
    {
        QStringList args{QStringLiteral("apikey")};
        if (m_created.size() % 5 == 0 && m_created.size() >= 5 && m_pendingInvalidation) {
            m_pendingInvalidation = false;
            m_invalidating = m_created.at(m_created.size() - 2);
            args << QStringLiteral("invalidate") << QStringLiteral("--id") << m_invalidating;
        } else if (m_created.size() < kCreates) {
            m_invalidating.clear();
            args << QStringLiteral("create") << QStringLiteral("--name")
                 << QStringLiteral("%1-%2").arg(m_name).arg(m_created.size()) << QStringLiteral("--ingest");
        } else {
            m_done = true;
            return;
        }
        args << QStringLiteral("--json") << QStringLiteral("--data-dir") << m_dataDir;
        m_process.setArguments(args);
        m_process.start();
    }

    void stepFinished(int exitCode, QProcess::ExitStatus status)
    {
        const QByteArray out = m_process.readAllStandardOutput();
        const QByteArray err = m_process.readAllStandardError();
        if (status != QProcess::NormalExit || exitCode != 0) {
            fail(QStringLiteral("%1 exited %2: %3")
                     .arg(m_process.arguments().join(QLatin1Char(' ')))
                     .arg(exitCode)
                     .arg(QString::fromUtf8(err)));
            return;
        }
        const QJsonObject o = QJsonDocument::fromJson(out).object();
        if (m_invalidating.isEmpty()) {
            const QString id = o.value(QStringLiteral("id")).toString();
            if (id.isEmpty()) {
                fail(QStringLiteral("create printed no id: ") + QString::fromUtf8(out));
                return;
            }
            m_created << id;
            m_pendingInvalidation = m_created.size() % 5 == 0;
        } else {
            if (o.value(QStringLiteral("invalidated_api_keys")).toArray() != QJsonArray{m_invalidating}) {
                fail(QStringLiteral("invalidate answered ") + QString::fromUtf8(out));
                return;
            }
            m_invalidated << m_invalidating;
        }
        next();
    }

    void fail(const QString& why)
    {
        m_failure = m_name + QStringLiteral(": ") + why;
        m_done = true;
    }

    QString m_name;
    QString m_dataDir;
    QProcess m_process;
    QStringList m_created;
    QStringList m_invalidated;
    QString m_invalidating;
    bool m_pendingInvalidation = false;
    bool m_done = false;
    QString m_failure;
};

} // namespace

class TestApiKeyConcurrency : public QObject
{
    Q_OBJECT

private slots:
    void twoProcessesNeverLoseKeys_data();
    void twoProcessesNeverLoseKeys();
};

void TestApiKeyConcurrency::twoProcessesNeverLoseKeys_data()
{
    QTest::addColumn<int>("inProcessCreates");
    QTest::newRow("two CLI processes") << 0;
    QTest::newRow("two CLI processes and this process") << 8;
}

void TestApiKeyConcurrency::twoProcessesNeverLoseKeys()
{
    QFETCH(int, inProcessCreates);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString dataDir = dir.filePath(QStringLiteral("data"));

    // GIVEN two chains of CLI runs started together (at most two processes at a time: 2 cores)
    Chain a(QStringLiteral("a"), dataDir);
    Chain b(QStringLiteral("b"), dataDir);
    ApiKeys::ApiKeyRegistry registry(dataDir);
    QStringList ownIds;
    QString ownFailure;
    QTimer ownCreator;
    ownCreator.setInterval(150);
    connect(&ownCreator, &QTimer::timeout, this, [&] {
        if (ownIds.size() >= inProcessCreates) {
            ownCreator.stop();
            return;
        }
        auto created =
            registry.create(QStringLiteral("own-%1").arg(ownIds.size()), {ApiKeys::Privilege::ConfigAgentRead});
        if (!created) {
            ownFailure = created.error().toString();
            ownCreator.stop();
            return;
        }
        ownIds << created->key.id;
    });

    // WHEN they run to the end
    a.start();
    b.start();
    if (inProcessCreates > 0)
        ownCreator.start();
    QTRY_VERIFY_WITH_TIMEOUT(a.isDone() && b.isDone() && !ownCreator.isActive(), 280000);
    QVERIFY2(a.failure().isEmpty(), qPrintable(a.failure()));
    QVERIFY2(b.failure().isEmpty(), qPrintable(b.failure()));
    QVERIFY2(ownFailure.isEmpty(), qPrintable(ownFailure));
    QCOMPARE(a.created().size(), Chain::kCreates);
    QCOMPARE(b.created().size(), Chain::kCreates);
    QCOMPARE(ownIds.size(), inProcessCreates);

    // THEN the file is valid JSON holding every created id exactly once
    QFile file(registry.filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
    const QJsonArray keys = doc.object().value(QStringLiteral("api_keys")).toArray();
    const QStringList allCreated = a.created() + b.created() + ownIds;
    QCOMPARE(keys.size(), allCreated.size());
    QMap<QString, int> seen;
    QSet<QString> invalidatedInFile;
    for (const QJsonValue& k : keys) {
        const QJsonObject o = k.toObject();
        ++seen[o.value(QStringLiteral("id")).toString()];
        if (o.value(QStringLiteral("invalidated")).toBool())
            invalidatedInFile.insert(o.value(QStringLiteral("id")).toString());
    }
    for (const QString& id : allCreated)
        QVERIFY2(seen.value(id) == 1, qPrintable(QStringLiteral("%1 appears %2 times").arg(id).arg(seen.value(id))));
    // AND exactly the invalidated keys are marked so (5 invalidations per chain, none lost)
    const QStringList invalidated = a.invalidated() + b.invalidated();
    QCOMPARE(invalidated.size(), 2 * (Chain::kCreates / 5));
    QCOMPARE(invalidatedInFile, QSet<QString>(invalidated.cbegin(), invalidated.cend()));
    // AND this process's registry object, which created keys itself, sees the CLI's keys too
    auto listed = registry.list();
    QVERIFY(listed.ok());
    QCOMPARE(listed->size(), allCreated.size());
    QCOMPARE(registry.list(true)->size(), allCreated.size() - invalidated.size());
    // AND the backup is a complete earlier version, not a torn one
    QFile backup(registry.filePath() + QStringLiteral(".bak"));
    QVERIFY(backup.open(QIODevice::ReadOnly));
    QJsonDocument::fromJson(backup.readAll(), &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError);
}

QTEST_GUILESS_MAIN(TestApiKeyConcurrency)
#include "tst_apikeyconcurrency.moc"
