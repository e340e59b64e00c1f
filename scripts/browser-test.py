#!/usr/bin/env python3
"""Console browser test: headless Chromium signs in, disables the home adapter, sees its queue grow while messages
arrive, enables it again and sees the queue drain. Screenshots are kept in .build/artifacts/console/."""
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARTIFACTS = os.path.join(ROOT, ".build", "artifacts", "console")
MESSAGES = 12


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def post_message(api, token, index):
    with open(os.path.join(ROOT, "examples", "measure-mandated.json"), encoding="utf-8") as f:
        envelope = json.load(f)
    envelope["sourceMessageId"] = f"browser-{index}"
    request = urllib.request.Request(f"{api}/v1/messages", data=json.dumps(envelope).encode(), method="POST",
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 202, response.status


def queued(driver, api):
    driver.get(f"{api}/console")
    return int(driver.find_element(By.ID, "queued-appi-spip").text)


def change_adapter(driver, api, action, reason):
    driver.get(f"{api}/console")
    field = driver.find_element(By.ID, "reason-home")
    field.clear()
    field.send_keys(reason)
    driver.find_element(By.CSS_SELECTOR, f"form[action='/console/adapters/home'] button[value='{action}']").click()


def wait_for(what, condition, seconds=20):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            if condition():
                return
        except (OSError, ValueError, WebDriverException):
            pass  # not there yet: the server is starting or the page is reloading
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting until {what}")


def main():
    os.makedirs(ARTIFACTS, exist_ok=True)
    work = tempfile.mkdtemp(prefix="passerelle-browser-")
    api_port, stub_port = free_port(), free_port()
    api = f"http://127.0.0.1:{api_port}"
    home_token, ops_token = "home-" + secrets.token_hex(12), "ops-" + secrets.token_hex(12)
    with open(os.path.join(work, "passerelle.yaml"), "w", encoding="utf-8") as f:
        f.write(f"""store: {{sqlite: {work}/gateway.sqlite}}
server: {{host: 127.0.0.1, port: {api_port}}}
clients:
  - {{name: appi-browser, role: home, token_env: B_HOME}}
  - {{name: ops-browser, role: ops, token_env: B_OPS}}
adapters: {{home: {{enabled: true}}}}
destinations:
  - {{name: appi-spip, adapter: home, role: spip, url: "http://127.0.0.1:{stub_port}/webhook"}}
routes: {{"*": [appi-spip]}}
stubs: [{{system: home, port: {stub_port}}}]
""")
    environment = dict(os.environ, B_HOME=home_token, B_OPS=ops_token)
    log = open(os.path.join(work, "gateway.log"), "w")
    gateway = subprocess.Popen([os.path.join(ROOT, ".build", "debug", "passerelle"), "serve", "--config",
                                os.path.join(work, "passerelle.yaml")], env=environment, stdout=log, stderr=log)
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,900"):
        options.add_argument(argument)
    driver = None
    try:
        wait_for("the gateway answers", lambda: urllib.request.urlopen(f"{api}/health/live", timeout=1).status == 200)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        driver.get(f"{api}/console")
        assert driver.current_url.endswith("/console/login"), "an anonymous visitor is sent to the sign-in page"
        driver.find_element(By.ID, "token").send_keys(ops_token)
        driver.find_element(By.CSS_SELECTOR, "form[action='/console/login'] button").click()
        wait_for("signed in", lambda: driver.current_url.endswith("/console"))
        driver.save_screenshot(os.path.join(ARTIFACTS, "1-signed-in.png"))

        change_adapter(driver, api, "disable", "browser test: home system maintenance")
        wait_for("home is disabled", lambda: driver.find_element(By.ID, "state-home").text == "disabled")
        for index in range(MESSAGES):
            post_message(api, home_token, index)
        wait_for(f"{MESSAGES} deliveries queued", lambda: queued(driver, api) == MESSAGES)
        driver.save_screenshot(os.path.join(ARTIFACTS, "2-disabled-queue-grew.png"))

        change_adapter(driver, api, "enable", "browser test: maintenance over")
        wait_for("home is enabled", lambda: driver.find_element(By.ID, "state-home").text == "enabled")
        wait_for("the queue drained", lambda: queued(driver, api) == 0)
        driver.save_screenshot(os.path.join(ARTIFACTS, "3-enabled-queue-drained.png"))
        with urllib.request.urlopen(f"http://127.0.0.1:{stub_port}/_stub/requests", timeout=5) as response:
            received = json.load(response)
        keys = {r.get("idempotencyKey") for r in received if 200 <= r.get("answeredStatus", r.get("status", 0)) < 300}
        assert len(received) >= MESSAGES and len(keys) == MESSAGES, f"the stub received {len(received)} requests"
        print(f"browser: console disabled home, {MESSAGES} queued, enabled, drained; screenshots in {ARTIFACTS}")
        return 0
    except Exception as error:  # report any failure as a test failure, with a screenshot of the moment
        if driver:
            driver.save_screenshot(os.path.join(ARTIFACTS, "failure.png"))
        print(f"browser: FAILED: {error}", file=sys.stderr)
        return 1
    finally:
        if driver:
            driver.quit()
        gateway.terminate()
        gateway.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
