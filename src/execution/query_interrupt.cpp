#include "execution/query_interrupt.hpp"

#include "parser/sql_error.hpp"

namespace tributary::sql {

void QueryInterrupt::Throw() const {
  if (reason() == InterruptReason::kTimeout) throw SqlError("canceling statement due to statement timeout", "57014");
  throw SqlError("canceling statement due to user request", "57014");
}

}  // namespace tributary::sql
