package dev.keel.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in real headless Chromium: a wrong token is refused and the user stays out. */
class DashboardLoginBrowserTest {

  @TempDir Path dir;

  @Test
  void aWrongTokenKeepsTheUserOnTheLoginForm() throws Exception {
    assertThat(Browser.available())
        .as("install Debian's chromium and chromium-driver (.ci/run does)")
        .isTrue();
    try (KeelServer server = TestServer.start(dir, b -> b)) {
      ChromeDriver driver = Browser.start(dir);
      try {
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        driver.get("http://127.0.0.1:" + server.port() + "/");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        driver.findElement(By.id("token")).sendKeys("not-the-token-at-all");
        driver.findElement(By.id("login")).click();
        wait.until(
            ExpectedConditions.textToBePresentInElementLocated(
                By.id("login-error"), "not accepted"));
        assertThat(driver.findElement(By.id("app-view")).isDisplayed()).isFalse();
        Object stored = driver.executeScript("return sessionStorage.getItem('keel.token')");
        assertThat(stored).isNull();
      } finally {
        driver.quit();
      }
    }
  }
}
