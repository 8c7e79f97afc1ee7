// The engines' confidence pictures: decoded, aged, stale after 3 s, hostile input refused.

#include "sporazum/studio/confidence_model.hpp"

#include <gtest/gtest.h>

#include "gtest_qt.hpp"

#include <QBuffer>
#include <QPainter>
#include <QSignalSpy>

#include "model_tester.hpp"
#include "test_messages.hpp"

namespace sporazum::studio {
namespace {

using testing::example;
using testing::ModelCheck;
using Role = ConfidenceModel::Role;

/// A 320×180 programme picture as an engine sends it: JPEG, base64.
QString jpegBase64(QColor colour, QSize size = {320, 180}) {
  QImage image(size, QImage::Format_RGB32);
  image.fill(colour);
  QPainter painter(&image);
  painter.fillRect(QRect(0, size.height() * 3 / 4, size.width(), size.height() / 5), Qt::white);
  painter.end();
  QByteArray bytes;
  QBuffer buffer(&bytes);
  buffer.open(QIODevice::WriteOnly);
  EXPECT_TRUE(image.save(&buffer, "JPEG", 80));
  return QString::fromLatin1(bytes.toBase64());
}

QJsonObject preview(const QString& engine, const QString& jpeg) {
  return {
      {"type", "preview"}, {"engine", engine}, {"jpeg", jpeg}, {"at", "2026-11-23T20:14:05.000Z"}};
}

class ConfidenceModelTest : public ::testing::Test {
 protected:
  QVariant at(int row, Role role) const { return model_.data(model_.index(row), role); }

  void TearDown() override {
    EXPECT_TRUE(check_.failures().isEmpty()) << check_.failures().join('\n').toStdString();
  }

  std::int64_t nowMs_ = 100'000;
  ConfidenceModel model_{nullptr, [this] { return nowMs_; }};
  ModelCheck check_{&model_};
};

TEST_F(ConfidenceModelTest, APictureIsDecodedServedAndAges) {
  ASSERT_TRUE(model_.applyPreview(preview("engine-main", jpegBase64(QColor(30, 60, 200)))));
  ASSERT_EQ(model_.rowCount(), 1);
  EXPECT_EQ(at(0, Role::EngineRole).toString(), "engine-main");
  EXPECT_TRUE(at(0, Role::HasImageRole).toBool());
  EXPECT_FALSE(at(0, Role::StaleRole).toBool());
  EXPECT_EQ(at(0, Role::AgeMsRole).toLongLong(), 0);
  EXPECT_EQ(at(0, Role::SizeRole).toSize(), QSize(320, 180));
  const QString source = at(0, Role::SourceRole).toString();
  EXPECT_TRUE(source.startsWith("image://confidence/")) << source.toStdString();

  // The provider serves what was decoded (JPEG is lossy: close, not equal).
  std::unique_ptr<QQuickImageProvider> provider(model_.createImageProvider());
  QSize size;
  const QImage served =
      provider->requestImage(source.mid(QStringLiteral("image://confidence/").size()), &size, {});
  EXPECT_EQ(size, QSize(320, 180));
  const QColor centre = served.pixelColor(160, 60);
  EXPECT_NEAR(centre.blue(), 200, 12);
  EXPECT_NEAR(centre.red(), 30, 12);

  nowMs_ += 2'950;
  model_.refreshAges();
  EXPECT_EQ(at(0, Role::AgeMsRole).toLongLong(), 2'900);
  EXPECT_FALSE(at(0, Role::StaleRole).toBool());
  nowMs_ += 100;
  model_.refreshAges();
  EXPECT_TRUE(at(0, Role::StaleRole).toBool()) << "older than 3 s";

  ASSERT_TRUE(model_.applyPreview(preview("engine-main", jpegBase64(Qt::red))));
  EXPECT_FALSE(at(0, Role::StaleRole).toBool());
  EXPECT_NE(at(0, Role::SourceRole).toString(), source) << "a new URL defeats the image cache";
  EXPECT_GT(model_.image("engine-main").pixelColor(160, 60).red(), 200);
}

TEST_F(ConfidenceModelTest, EveryEngineHasItsRowInNameOrder) {
  model_.applyPreview(preview("engine-main", jpegBase64(Qt::blue)));
  model_.applyPreview(preview("engine-backup", jpegBase64(Qt::green)));
  ASSERT_EQ(model_.count(), 2);
  EXPECT_EQ(at(0, Role::EngineRole).toString(), "engine-backup");
  EXPECT_EQ(at(1, Role::EngineRole).toString(), "engine-main");
  EXPECT_NE(at(0, Role::SourceRole), at(1, Role::SourceRole));
}

TEST_F(ConfidenceModelTest, TheProtocolsExampleIsATruncatedJpegAndIsRefusedVisibly) {
  // The example carries only a JPEG's first bytes: the engine shows up, without a picture.
  EXPECT_FALSE(model_.applyPreview(example("staff.to_staff.preview.json")));
  ASSERT_EQ(model_.count(), 1);
  EXPECT_EQ(at(0, Role::EngineRole).toString(), "engine-main");
  EXPECT_FALSE(at(0, Role::HasImageRole).toBool());
  EXPECT_TRUE(at(0, Role::StaleRole).toBool());
  EXPECT_EQ(at(0, Role::AgeMsRole).toLongLong(), -1);
  EXPECT_EQ(model_.refusedCount(), 1);
}

TEST_F(ConfidenceModelTest, HostilePreviewsAreRefusedAndTheLastGoodPictureStays) {
  ASSERT_TRUE(model_.applyPreview(preview("engine-main", jpegBase64(Qt::blue))));
  const QString good = at(0, Role::SourceRole).toString();
  QBuffer png;
  png.open(QIODevice::WriteOnly);
  QImage(8, 8, QImage::Format_RGB32).save(&png, "PNG");
  const QList<QJsonObject> hostile = {
      preview("engine-main", "not base64 at all!"),
      preview("engine-main", QString::fromLatin1(png.data().toBase64())),
      preview("engine-main", jpegBase64(Qt::red, {1920, 1080})),
      preview("engine-main", QString(65'541, 'A')),
      preview("engine-main", ""),
      preview("", jpegBase64(Qt::red)),
      preview(QString(201, 'e'), jpegBase64(Qt::red)),
      {{"type", "preview"}, {"engine", 5}, {"jpeg", jpegBase64(Qt::red)}},
      {{"type", "preview"}, {"engine", "engine-main"}, {"jpeg", QJsonArray{}}},
  };
  for (const QJsonObject& message : hostile)
    EXPECT_FALSE(model_.applyPreview(message));
  EXPECT_EQ(model_.refusedCount(), hostile.size());
  EXPECT_EQ(model_.count(), 1);
  EXPECT_EQ(at(0, Role::SourceRole).toString(), good);
  EXPECT_GT(model_.image("engine-main").pixelColor(160, 60).blue(), 200);
}

TEST_F(ConfidenceModelTest, AtMostSixteenEngines) {
  const QString jpeg = jpegBase64(Qt::gray, {32, 18});
  for (int i = 0; i < 20; ++i)
    model_.applyPreview(preview(QStringLiteral("engine-%1").arg(i, 2, 10, QLatin1Char('0')), jpeg));
  EXPECT_EQ(model_.count(), ConfidenceModel::kMaxEngines);
  EXPECT_EQ(model_.refusedCount(), 4);
}

}  // namespace
}  // namespace sporazum::studio
