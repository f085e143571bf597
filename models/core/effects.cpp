#include "models/core/effects.hpp"

#include <iterator>

namespace models {

template <typename T>
static void append(std::vector<T>& to, std::vector<T>&& from) {
  if (to.empty()) {
    to = std::move(from);
    return;
  }
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

void Effects::merge(Effects&& other) {
  append(persist, std::move(other.persist));
  append(sends, std::move(other.sends));
  append(timers, std::move(other.timers));
  append(disk, std::move(other.disk));
  append(deliver, std::move(other.deliver));
  append(observe, std::move(other.observe));
}

const char* disk_task_name(DiskTask::Kind kind) {
  switch (kind) {
    case DiskTask::Kind::load_database: return "load_database";
    case DiskTask::Kind::write_snapshot: return "write_snapshot";
    case DiskTask::Kind::restore_database: return "restore_database";
    case DiskTask::Kind::background_snapshot: return "background_snapshot";
    case DiskTask::Kind::purge: return "purge";
  }
  return "?";
}

}  // namespace models
