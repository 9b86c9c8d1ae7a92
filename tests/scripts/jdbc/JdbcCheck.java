// A JDBC client of `tributary serve`: connects with the PostgreSQL driver,
// runs plain and prepared statements, reads typed columns and an error's
// SQLSTATE. Exits non-zero with a message on the first wrong answer.
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

public class JdbcCheck {
  static void check(boolean ok, String what) {
    if (!ok) {
      System.err.println("JDBC check failed: " + what);
      System.exit(1);
    }
  }

  public static void main(String[] args) throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + args[0] + "/tributary";
    try (Connection c = DriverManager.getConnection(url, "admin", args[1])) {
      c.setAutoCommit(true);
      try (Statement s = c.createStatement();
           ResultSet r = s.executeQuery("SELECT region, count(*), sum(amount) FROM sales.deals GROUP BY region ORDER BY region")) {
        StringBuilder rows = new StringBuilder();
        while (r.next()) rows.append(r.getString(1)).append(':').append(r.getLong(2)).append(':').append(r.getBigDecimal(3)).append(',');
        check(rows.toString().equals("AMER:1:7.00,APAC:1:20.00,EMEA:2:15.75,"), "group by: " + rows);
      }
      // The driver switches to named server-side statements after a few runs.
      try (PreparedStatement p = c.prepareStatement("SELECT deal_id, closed FROM sales.deals WHERE deal_id = ? AND region = ?")) {
        for (int i = 0; i < 8; i++) {
          p.setLong(1, 1);
          p.setString(2, "EMEA");
          try (ResultSet r = p.executeQuery()) {
            check(r.next(), "prepared row " + i);
            check(r.getLong(1) == 1 && Date.valueOf("2026-01-05").equals(r.getDate(2)), "prepared values " + i);
            check(!r.next(), "one row " + i);
          }
        }
      }
      try (PreparedStatement p = c.prepareStatement("SELECT ? + 1, ?::numeric * 2, ? IS NULL")) {
        p.setInt(1, 41);
        p.setBigDecimal(2, new BigDecimal("1.25"));
        p.setNull(3, java.sql.Types.INTEGER);
        try (ResultSet r = p.executeQuery()) {
          check(r.next() && r.getInt(1) == 42 && r.getBigDecimal(2).compareTo(new BigDecimal("2.50")) == 0 && r.getBoolean(3),
                "typed parameters");
        }
      }
      try (Statement s = c.createStatement()) {
        s.executeQuery("SELECT * FROM sales.missing");
        check(false, "a missing table was accepted");
      } catch (SQLException e) {
        check("42P01".equals(e.getSQLState()), "SQLSTATE " + e.getSQLState());
      }
    }
    System.out.println("jdbc: ok");
  }
}
