// SPDX-License-Identifier: Apache-2.0
// SPDX-FileCopyrightText: APM Gatekeeper contributors
//
// The Secret Service the keychain tests rely on: a real write → read → delete round trip through
// QtKeychain (gnome-keyring on a private D-Bus session in CI, see packaging/with-keyring.sh).
// Without a Secret Service the test skips with the reason, unless REQUIRE_SECRET_SERVICE=1
// (set by packaging/test.sh and CI), where it fails instead: a broken keyring never passes silently.
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

#include <qt6keychain/keychain.h>

class TestKeychainBackend : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();

private:
    bool available(QString* why);
};

bool TestKeychainBackend::available(QString* why)
{
    QKeychain::ReadPasswordJob probe(QStringLiteral("apm-gatekeeper-tests"));
    probe.setAutoDelete(false);
    probe.setKey(QStringLiteral("probe-") + QUuid::createUuid().toString(QUuid::WithoutBraces));
    QSignalSpy done(&probe, &QKeychain::Job::finished);
    probe.start();
    if (!done.wait(15000)) {
        *why = QStringLiteral("the keychain did not answer within 15 s");
        return false;
    }
    // "Entry not found" proves the service answered; anything else means it is not usable.
    if (probe.error() == QKeychain::NoError || probe.error() == QKeychain::EntryNotFound)
        return true;
    *why = probe.errorString();
    return false;
}

void TestKeychainBackend::roundTrip_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::newRow("ascii token") << QByteArray("Zq8n-3fJ_kP0wX2yV7uR5tL1mN9bC4dE");
    QTest::newRow("utf-8 passphrase") << QByteArray("pässwörd with spaces €");
    QTest::newRow("binary") << QByteArray::fromHex("00ff10207f80");
}

void TestKeychainBackend::roundTrip()
{
    QFETCH(QByteArray, secret);
    QString why;
    if (!available(&why)) {
        if (qEnvironmentVariableIntValue("REQUIRE_SECRET_SERVICE"))
            QFAIL(qPrintable(QStringLiteral("REQUIRE_SECRET_SERVICE=1 but no Secret Service: ") + why));
        QSKIP(qPrintable(QStringLiteral("no Secret Service (run under packaging/with-keyring.sh): ") + why));
    }
    const QString service = QStringLiteral("apm-gatekeeper-tests");
    const QString key = QStringLiteral("roundtrip-") + QUuid::createUuid().toString(QUuid::WithoutBraces);

    // GIVEN a secret written to the keychain
    QKeychain::WritePasswordJob write(service);
    write.setAutoDelete(false);
    write.setKey(key);
    write.setBinaryData(secret);
    QSignalSpy written(&write, &QKeychain::Job::finished);
    write.start();
    QVERIFY(written.wait(15000));
    QCOMPARE(write.error(), QKeychain::NoError);

    // WHEN it is read back THEN it is byte-identical
    QKeychain::ReadPasswordJob read(service);
    read.setAutoDelete(false);
    read.setKey(key);
    QSignalSpy readDone(&read, &QKeychain::Job::finished);
    read.start();
    QVERIFY(readDone.wait(15000));
    QCOMPARE(read.error(), QKeychain::NoError);
    QCOMPARE(read.binaryData(), secret);

    // WHEN it is deleted THEN reading it again reports "not found"
    QKeychain::DeletePasswordJob del(service);
    del.setAutoDelete(false);
    del.setKey(key);
    QSignalSpy deleted(&del, &QKeychain::Job::finished);
    del.start();
    QVERIFY(deleted.wait(15000));
    QCOMPARE(del.error(), QKeychain::NoError);

    QKeychain::ReadPasswordJob again(service);
    again.setAutoDelete(false);
    again.setKey(key);
    QSignalSpy againDone(&again, &QKeychain::Job::finished);
    again.start();
    QVERIFY(againDone.wait(15000));
    QCOMPARE(again.error(), QKeychain::EntryNotFound);
}

QTEST_GUILESS_MAIN(TestKeychainBackend)
#include "tst_keychainbackend.moc"
