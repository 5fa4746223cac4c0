package dev.keel.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard end to end in real headless Chromium: log in, see a queue, open a dead job, replay
 * it, and watch it leave the DLQ — without reloading the page.
 */
class DashboardBrowserTest {

  @TempDir Path dir;

  @Test
  void logInSeeAQueueOpenADeadJobReplayItAndSeeItLeaveTheDlq() throws Exception {
    assertThat(Browser.available())
        .as("install Debian's chromium and chromium-driver (.ci/run does)")
        .isTrue();
    try (KeelServer server = TestServer.start(dir, b -> b.dlqAlertThreshold(1))) {
      Http http = new Http(server.port(), TestServer.TOKEN);
      // Given a queue with one dead job
      long id = dead(http, "emails", "u1", "SmtpRejected");

      ChromeDriver driver = Browser.start(dir);
      try {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get("http://127.0.0.1:" + server.port() + "/");

        // When I log in
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        driver.findElement(By.id("token")).sendKeys(TestServer.TOKEN);
        driver.findElement(By.id("login")).click();

        // Then I see the queue, its DLQ depth highlighted over the threshold
        By queueRow = By.cssSelector("#queues tr[data-queue='emails']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(queueRow));
        WebElement dlqCell = driver.findElement(queueRow).findElement(By.cssSelector("td.dlq"));
        assertThat(dlqCell.getText()).isEqualTo("1");
        assertThat(dlqCell.getAttribute("class")).contains("alert");

        // And the dead job in its error group; I open it
        By deadRow =
            By.cssSelector(".group[data-error-type='SmtpRejected'] tr[data-job-id='" + id + "']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(deadRow));
        driver.findElement(deadRow).findElement(By.cssSelector("a.job-link")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-state"), "dead"));
        assertThat(driver.findElement(By.id("job-errors")).getText())
            .contains("SmtpRejected")
            .contains("mailbox full");

        // When I replay it and confirm
        driver.findElement(deadRow).findElement(By.cssSelector("button.replay")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok")));
        driver.findElement(By.id("confirm-ok")).click();

        // Then it leaves the DLQ and is available again, without a page reload
        wait.until(ExpectedConditions.invisibilityOfElementLocated(deadRow));
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("dlq-empty")));
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(By.id("job-state"), "available"));
        wait.until(
            d ->
                d.findElement(queueRow)
                    .findElement(By.cssSelector("td.dlq"))
                    .getText()
                    .equals("0"));
        assertThat(http.get("/v1/jobs/" + id).json().path("state").asText()).isEqualTo("available");

        // Bulk: two dead jobs of one error type; cancelling the confirmation keeps them
        long b1 = dead(http, "alerts", "u2", "DnsFailure");
        long b2 = dead(http, "alerts", "u3", "DnsFailure");
        By group = By.cssSelector(".group[data-error-type='DnsFailure']");
        wait.until(ExpectedConditions.visibilityOfElementLocated(group));
        driver.findElement(group).findElement(By.cssSelector("button.discard-all")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-cancel")));
        driver.findElement(By.id("confirm-cancel")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("confirm")));
        assertThat(http.get("/v1/jobs/" + b1).json().path("state").asText()).isEqualTo("dead");
        // confirming discards the whole group
        driver.findElement(group).findElement(By.cssSelector("button.discard-all")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("confirm-ok")));
        driver.findElement(By.id("confirm-ok")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(group));
        assertThat(http.get("/v1/jobs/" + b1).json().path("state").asText()).isEqualTo("discarded");
        assertThat(http.get("/v1/jobs/" + b2).json().path("state").asText()).isEqualTo("discarded");
        assertThat(driver.executeScript("return performance.getEntriesByType('navigation').length"))
            .isEqualTo(1L);
      } finally {
        driver.quit();
      }
    }
  }

  static long dead(Http http, String queue, String owner, String errorType) {
    Http.Res enq =
        http.post(
            "/v1/queues/" + queue + "/jobs",
            "{\"type\":\"email.send\",\"ownerId\":\""
                + owner
                + "\",\"payload\":{\"to\":\"a@example.com\"}}");
    long id = enq.json().path("job").path("id").asLong();
    JsonNode leased =
        http.post("/v1/queues/" + queue + "/leases", "{\"workerId\":\"w1\",\"waitSeconds\":10}")
            .json()
            .path("jobs")
            .get(0);
    assertThat(leased.path("id").asLong()).isEqualTo(id);
    Http.Res failed =
        http.post(
            "/v1/jobs/" + id + "/fail",
            "{\"leaseToken\":\""
                + leased.path("leaseToken").asText()
                + "\",\"retryable\":false,\"error\":{\"type\":\""
                + errorType
                + "\",\"message\":\"mailbox full\"}}");
    assertThat(failed.json().path("state").asText()).isEqualTo("dead");
    return id;
  }
}
