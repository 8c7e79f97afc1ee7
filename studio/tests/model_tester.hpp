#pragma once
// QAbstractItemModelTester (QtTest) inside GoogleTest: its findings are collected instead of
// aborting, so a test can assert there were none.

#include <QAbstractItemModelTester>
#include <QStringList>
#include <initializer_list>
#include <memory>
#include <vector>

namespace sporazum::studio::testing {

/// Watches the models for as long as it lives. Not thread-safe; one at a time.
class ModelCheck {
 public:
  ModelCheck(std::initializer_list<QAbstractItemModel*> models);
  ~ModelCheck();
  ModelCheck(const ModelCheck&) = delete;
  ModelCheck& operator=(const ModelCheck&) = delete;

  /// What the tester found wrong so far (empty when the model kept every rule).
  QStringList failures() const;

 private:
  std::vector<std::unique_ptr<QAbstractItemModelTester>> testers_;
  QtMessageHandler previous_ = nullptr;
};

}  // namespace sporazum::studio::testing
