#!/usr/bin/python3
"""The web page in a real browser: headless Chromium driven by Selenium
(Debian's chromium, chromium-driver, python3-selenium), against
'cancu serve' on a free loopback port over an archive of corpora/default
and a plan holding markup.

usage: /usr/bin/python3 test_serve_browser.py CANCU_BINARY CORPORA_DIR

Exit 0 when every check passes, 1 when one fails, 77 (skipped) only when
the browser is missing and cannot be installed on this machine; when it
could be installed (scripts/install-deps.sh does), its absence fails.
"""

import base64
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

SKIP = 77
CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"


def installable(package):
    """Whether apt could install 'package' here."""
    try:
        out = subprocess.run(["apt-cache", "policy", package],
                             capture_output=True, text=True,
                             check=False).stdout
    except OSError:
        return False
    for line in out.splitlines():
        line = line.strip()
        if line.startswith("Candidate:"):
            return line.split(":", 1)[1].strip() not in ("", "(none)")
    return False


def browser_or_exit():
    missing = [p for p, ok in (("chromium", os.access(CHROMIUM, os.X_OK)),
                               ("chromium-driver", os.access(DRIVER, os.X_OK)))
               if not ok]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("python3-selenium")
    if not missing:
        return
    if any(installable(p) for p in missing):
        print("not ok - the browser suite needs %s: run "
              "scripts/install-deps.sh" % " ".join(missing))
        sys.exit(1)
    print("skipped: %s cannot be installed here" % " ".join(missing))
    sys.exit(SKIP)


PASSED = 0
FAILED = 0


def check(desc, ok, detail=""):
    global PASSED, FAILED
    if ok:
        PASSED += 1
        print("ok - " + desc)
    else:
        FAILED += 1
        print("not ok - " + desc)
        if detail:
            print("#   " + str(detail)[:400])


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    cancu, corpora = sys.argv[1], os.path.abspath(sys.argv[2])
    browser_or_exit()
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    tmp = tempfile.mkdtemp(prefix="cancu-browser.")
    archive = os.path.join(tmp, "archive")
    env = dict(os.environ, LC_ALL="C.UTF-8")
    env.pop("CANCU_ARCHIVE", None)
    server = driver = None
    try:
        subprocess.run([cancu, "--archive", archive, "--quiet", "ingest",
                        os.path.join(corpora, "default")], check=True,
                       env=env, stdout=subprocess.DEVNULL)
        hostile = os.path.join(tmp, "hostile.txt")
        with open(hostile, "w", encoding="utf-8") as f:
            f.write("KẾ HOẠCH thử nghiệm <script>document.title='pwned'"
                    "</script>\n\nĐoạn độc hại <img src=x "
                    "onerror=\"document.title='pwned2'\"> kết thúc.\n")
        subprocess.run([cancu, "--archive", archive, "--quiet", "ingest",
                        hostile], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        # A plan of another year, for the year facet to narrow to.
        other = os.path.join(tmp, "other-year.txt")
        with open(other, "w", encoding="utf-8") as f:
            f.write("ỦY BAN NHÂN DÂN TỈNH GIA LAI\n\nKẾ HOẠCH\n"
                    "Tuyên truyền cải cách hành chính năm 2024\n\n"
                    "Đẩy mạnh tuyên truyền cải cách hành chính trong năm "
                    "2024.\n")
        subprocess.run([cancu, "--archive", archive, "--quiet", "ingest",
                        other], check=True, env=env,
                       stdout=subprocess.DEVNULL)
        port = free_port()
        base = "http://127.0.0.1:%d" % port
        server = subprocess.Popen([cancu, "--archive", archive, "serve",
                                   "--listen", "127.0.0.1:%d" % port],
                                  env=env, stdout=subprocess.DEVNULL)
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/plans", timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)

        opts = webdriver.ChromeOptions()
        opts.binary_location = CHROMIUM
        for arg in ("--headless=new", "--no-sandbox", "--disable-gpu",
                    "--disable-dev-shm-usage", "--window-size=1200,900",
                    "--lang=vi"):
            opts.add_argument(arg)
        opts.add_experimental_option("prefs",
                                     {"intl.accept_languages": "vi,vi-VN"})
        driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
        driver.set_page_load_timeout(60)
        wait = WebDriverWait(driver, 30)

        # Search typed without accents, matched words marked.
        driver.get(base + "/")
        check("the home page is in Vietnamese",
              driver.find_element(By.TAG_NAME, "html")
              .get_attribute("lang") == "vi")
        box = driver.find_element(By.NAME, "q")
        box.send_keys("tinh gian bien che")
        box.send_keys(Keys.RETURN)
        wait.until(ec.presence_of_element_located((By.ID, "total")))
        marks = [m.text for m in driver.find_elements(By.TAG_NAME, "mark")]
        check("typing 'tinh gian bien che' marks 'tinh giản biên chế'",
              "tinh giản biên chế" in marks, marks[:10])

        # A year facet narrows the results; its chip takes it away again.
        def total():
            return int(driver.find_element(By.ID, "total").text.split()[-1])

        def hit_plans():
            return {a.text for a in driver.find_elements(
                By.CSS_SELECTOR, "article.hit p.meta a")}

        driver.get(base + "/search?q=cai+cach+hanh+chinh")
        wait.until(ec.presence_of_element_located((By.ID, "total")))
        before, plans_before = total(), hit_plans()
        years = driver.find_elements(
            By.CSS_SELECTOR, "section.facet[data-field=year] li a")
        check("/search shows the years with counts",
              sorted(y.text for y in years) == ["2022", "2024"],
              [y.text for y in years])
        link = [y for y in years if y.text == "2024"]
        if link:
            count = int(link[0].find_element(
                By.XPATH, "following-sibling::span[@class='count']").text)
            link[0].click()
            wait.until(ec.presence_of_element_located(
                (By.CSS_SELECTOR, "span.chip[data-field=year]")))
            after = total()
            check("clicking 2024 narrows the results to that year's plan",
                  after < before and hit_plans() ==
                  {"Tuyên truyền cải cách hành chính năm 2024"},
                  (before, after, hit_plans(), plans_before))
            check("the narrowed search has the count the facet showed",
                  count == 1 and after >= count, (count, after))
            driver.find_element(By.CSS_SELECTOR,
                                "span.chip[data-field=year] a.remove").click()
            wait.until(ec.presence_of_element_located((By.ID, "total")))
            check("the chip's link takes the year away again",
                  total() == before and not driver.find_elements(
                      By.CSS_SELECTOR, "span.chip"), total())
        else:
            check("the year 2024 is a facet", False)

        # What rests on ND 107/2020: task 6 of the sample.
        driver.get(base + "/cites?ref=ND%20107/2020")
        rows = driver.find_elements(By.CSS_SELECTOR, "tr.task")
        nos = [r.get_attribute("data-no") for r in rows]
        check("/cites?ref=ND 107/2020 shows task 6", "6" in nos, nos)
        six = [r.text for r in rows if r.get_attribute("data-no") == "6"]
        check("task 6's row holds its text",
              six and "phòng chuyên môn" in six[0], six)

        # The graph of a replaced decree, drawn as SVG.
        driver.get(base + "/graph?ref=ND%2016/2015")
        svgs = driver.find_elements(By.CSS_SELECTOR, "svg.graph")
        check("/graph?ref=ND 16/2015 draws 60/2021/NĐ-CP replacing it",
              svgs and "60/2021/NĐ-CP" in svgs[0].text
              and svgs[0].size["height"] > 0,
              svgs[0].text if svgs else "no svg")

        # Upload the sample on /check.
        driver.get(base + "/check")
        driver.find_element(By.ID, "file").send_keys(
            os.path.join(corpora, "default", "gialai-sgddt-cchc-2022.docx"))
        driver.find_element(By.CSS_SELECTOR,
                            "form.check button[type=submit]").click()
        wait.until(ec.presence_of_element_located(
            (By.CLASS_NAME, "findings")))
        found = [f.text for f in driver.find_elements(
            By.CSS_SELECTOR, ".finding[data-kind=replaced]")]
        check("/check: 16/2015/NĐ-CP replaced by 60/2021/NĐ-CP",
              any("16/2015/NĐ-CP" in t and "60/2021/NĐ-CP" in t
                  for t in found), found[:3])

        # The same file dropped on the form: the page's script puts it in
        # the file field and sends it.
        driver.get(base + "/check")
        with open(os.path.join(corpora, "default",
                               "gialai-sgddt-cchc-2022.docx"), "rb") as f:
            data = base64.b64encode(f.read()).decode("ascii")
        driver.execute_script("""
            var bytes = Uint8Array.from(atob(arguments[0]),
                                        function (c) { return c.charCodeAt(0); });
            var dt = new DataTransfer();
            dt.items.add(new File([bytes], 'gialai-sgddt-cchc-2022.docx'));
            var form = document.querySelector('form.check');
            form.dispatchEvent(new DragEvent('drop', {dataTransfer: dt,
                bubbles: true, cancelable: true}));""", data)
        wait.until(ec.presence_of_element_located(
            (By.CLASS_NAME, "findings")))
        found = [f.text for f in driver.find_elements(
            By.CSS_SELECTOR, ".finding[data-kind=replaced]")]
        check("/check: a dropped file is checked like a chosen one",
              any("16/2015/NĐ-CP" in t and "60/2021/NĐ-CP" in t
                  for t in found), found[:3])

        # A plan holding markup shows it as text and runs nothing.
        driver.get(base + "/search?q=doc+hai")
        wait.until(ec.presence_of_element_located((By.ID, "total")))
        body = driver.find_element(By.TAG_NAME, "body").text
        check("the plan's <img onerror=...> is shown as text",
              "<img src=x onerror=" in body, body[:300])
        check("no image element came from the plan",
              not driver.find_elements(By.CSS_SELECTOR, "main img"))
        driver.get(base + "/search?q=thu+nghiem")
        wait.until(ec.presence_of_element_located((By.ID, "total")))
        body = driver.find_element(By.TAG_NAME, "body").text
        check("the plan's <script> is shown as text", "<script>" in body,
              body[:300])
        check("no script of the plan ran",
              not driver.title.startswith("pwned"), driver.title)
        try:
            driver.switch_to.alert
            check("no alert opened", False)
        except NoAlertPresentException:
            check("no alert opened", True)
        plans = driver.find_elements(By.CSS_SELECTOR, "article.hit a")
        if plans:
            plans[0].click()
            wait.until(ec.presence_of_element_located((By.TAG_NAME, "h1")))
            check("the plan's own page shows its markup as text",
                  "<script>" in driver.find_element(By.TAG_NAME, "h1").text
                  or "<script>" in driver.find_element(By.TAG_NAME,
                                                       "body").text)
            check("the plan's own page ran nothing",
                  not driver.title.startswith("pwned"), driver.title)
        else:
            check("the hostile plan is found", False)

        # The page in English.
        driver.get(base + "/?lang=en")
        check("?lang=en gives an English page",
              driver.find_element(By.TAG_NAME, "html")
              .get_attribute("lang") == "en"
              and "Plans by year" in driver.find_element(
                  By.TAG_NAME, "body").text)
        driver.find_element(By.LINK_TEXT, "Tiếng Việt").click()
        check("the language link goes back to Vietnamese",
              driver.find_element(By.TAG_NAME, "html")
              .get_attribute("lang") == "vi")
        shot = os.environ.get("CANCU_SCREENSHOTS")
        if shot:
            os.makedirs(shot, exist_ok=True)
            for name, url in (("home", "/"), ("search",
                              "/search?q=tinh+gian+bien+che"),
                              ("cites", "/cites?ref=ND%20107/2020"),
                              ("graph", "/graph?ref=ND%2016/2015")):
                driver.get(base + url)
                driver.save_screenshot(os.path.join(shot, name + ".png"))
    finally:
        if driver:
            driver.quit()
        if server:
            server.terminate()
            try:
                rc = server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                rc = -9
            check("the server stops cleanly on SIGTERM", rc == 0, rc)
        shutil.rmtree(tmp, ignore_errors=True)
    print("%d passed, %d failed" % (PASSED, FAILED))
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
