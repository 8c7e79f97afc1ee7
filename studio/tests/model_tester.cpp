#include "model_tester.hpp"

#include <gtest/gtest.h>

#include <QAbstractListModel>

namespace sporazum::studio::testing {
namespace {

QStringList gFailures;
QtMessageHandler gPrevious = nullptr;

void collect(QtMsgType type, const QMessageLogContext& context, const QString& message) {
  if (context.category != nullptr && QLatin1String(context.category) == "qt.modeltest" &&
      type >= QtWarningMsg) {
    gFailures.append(message);
    return;
  }
  if (gPrevious) gPrevious(type, context, message);
}

}  // namespace

ModelCheck::ModelCheck(std::initializer_list<QAbstractItemModel*> models) {
  gFailures.clear();
  previous_ = qInstallMessageHandler(collect);
  gPrevious = previous_;
  for (QAbstractItemModel* model : models) {
    testers_.push_back(std::make_unique<QAbstractItemModelTester>(
        model, QAbstractItemModelTester::FailureReportingMode::Warning));
  }
}

ModelCheck::~ModelCheck() {
  testers_.clear();
  qInstallMessageHandler(previous_);
  gPrevious = nullptr;
}

QStringList ModelCheck::failures() const {
  return gFailures;
}

/// The harness itself: a model that breaks a rule must be caught, or the checks prove nothing.
class BrokenModel : public QAbstractListModel {
 public:
  int rowCount(const QModelIndex& parent) const override { return parent.isValid() ? 0 : 1; }
  QVariant data(const QModelIndex&, int) const override { return {}; }
  void emitBadChange() { emit dataChanged(index(3), index(3)); }
};

TEST(ModelCheck, CatchesAModelThatBreaksTheRules) {
  BrokenModel model;
  ModelCheck check{&model};
  ASSERT_TRUE(check.failures().isEmpty());
  model.emitBadChange();
  EXPECT_FALSE(check.failures().isEmpty());
}

}  // namespace sporazum::studio::testing
