# Тексты отчёта touchaudit на русском (синтаксис Fluent: https://projectfluent.org/).
# Каждое сообщение должно быть во всех файлах локалей с теми же переменными; это проверяет тест.
# Числа форматируются по правилам локали (десятичная запятая); формы множественного числа:
# one (1, 21, 31 …), few (2–4, 22–24 …), many (0, 5–20, 25–30 …), other (дроби).

## Числа, даты, единицы

n-a = н/д
date-long = { $day } { $month ->
    [1] января
    [2] февраля
    [3] марта
    [4] апреля
    [5] мая
    [6] июня
    [7] июля
    [8] августа
    [9] сентября
    [10] октября
    [11] ноября
   *[12] декабря
} { $year }
month-short = { $month ->
    [1] янв.
    [2] февр.
    [3] мар.
    [4] апр.
    [5] мая
    [6] июн.
    [7] июл.
    [8] авг.
    [9] сент.
    [10] окт.
    [11] нояб.
   *[12] дек.
} { $year }
n-of-m-found = найдено { $found } из { $total }
unit-ms = { $ms } мс
unit-days = { $days } дн.
unit-days-old = { $days } дн. назад
unit-hours = { $hours } ч
unit-per-month = { $count } в месяц
listed-in-all = … всего { $count }

## Статусы и источники

status-pass = норма
status-warn = внимание
status-fail = провал
status-not-assessed = не оценено
status-not-applicable = неприменимо
source-offline = Офлайн-оценки и цифры клиента
source-survey = Опрос клиентов
source-site = Обход сайта
source-reviews = Площадки отзывов
source-mentions = Ленты упоминаний
source-serm = Поисковая выдача по бренду
source-collected = собрано
source-not-configured = не настроено
source-failed = ошибка
format-2gis = страницы API отзывов 2ГИС
format-yandex = отзывы Яндекс Карт
format-gbp = выгрузка Business Profile
format-apify = выгрузка Apify
format-outscraper = выгрузка Outscraper
format-html = страница площадки

## HTML-отчёт

report-title = Аудит готовности к лояльности: { $business }
report-kicker = Аудит готовности к лояльности
report-as-of = На { $date }
report-score = Оценка
report-of-100 = из 100
report-level = Уровень:
report-no-level = Нет уровня
report-no-score = Ничего не удалось оценить, поэтому оценки нет.
report-gauge-alt = Оценка готовности к лояльности { $score } из 100, уровень «{ $level }», охват { $coverage }
report-coverage = Охват
report-coverage-before = Охват:
report-coverage-after = веса чек-листа оценено.
report-level-provisional = предварительно: { $level }
report-provisional = предварительно
report-provisional-why = Оценено меньше 60 %, поэтому оценка может сильно измениться, когда будет оценено остальное.
report-capped = ограничено
report-capped-by = Уровень ограничен: провалена критичная точка контакта ({ $touchpoints })
report-level-bands = Уровни
report-by-status = Точки контакта по статусам
report-gates = Проверки
report-since = С аудита { $date }
report-the-baseline = базового аудита
report-changes-headline = Оценка изменилась с { $from } до { $to } (на { $delta }).
report-trend = Оценка по запускам
report-trend-scale = (шкала { $range })
report-newly-failing = Новые провалы
report-fixed = Исправлено
report-still-failing = По-прежнему провалено
report-area = Область
report-before = Было
report-now = Стало
report-change = Изменение
report-fix-first = Исправить в первую очередь
report-fix-first-hint = По числу баллов, которые добавит оценке полностью выполненная точка контакта; проваленные критичные точки идут первыми.
report-gain = +{ $points } { $points ->
    [one] балл
    [few] балла
    [many] баллов
   *[other] балла
  }
report-critical = критично
report-nothing-to-fix = Среди оценённого исправлять нечего.
report-areas = Оценка по областям
report-bar = Шкала
report-area-alt = { $area }: { $score } из 100
report-area-coverage = оценено { $assessed } из { $applicable } ({ $share })
report-survey = Что клиенты говорят в опросе
report-survey-nps = NPS { $nps } ±{ $margin } по { $answers ->
    [one] { $answers } ответу
   *[other] { $answers } ответам
}: промоутеров { $promoters } (9–10), нейтральных { $passives } (7–8), критиков { $detractors } (0–6).
report-nps-alt = Ответы NPS: промоутеров { $promoters }, нейтральных { $passives }, критиков { $detractors }
report-survey-csat = CSAT: довольны { $csat } % (4–5 из 5) по { $answers ->
    [one] { $answers } ответу
   *[other] { $answers } ответам
}.
report-survey-ces = CES в среднем { $mean } из 7, легко было { $easy } % (5–7), по { $answers ->
    [one] { $answers } ответу
   *[other] { $answers } ответам
}.
report-reviews = Отзывы вкратце
report-reviews-headline = Средняя оценка { $average }★ по { $reviews ->
    [one] { $reviews } отзыву
   *[other] { $reviews } отзывам
} на { $platforms ->
    [one] { $platforms } площадке
   *[other] { $platforms } площадках
}.
report-reviews-no-rating = Средней оценки нет: { $reviews ->
    [one] { $reviews } отзыв
    [few] { $reviews } отзыва
   *[other] { $reviews } отзывов
} на { $platforms ->
    [one] { $platforms } площадке
   *[other] { $platforms } площадках
}.
report-reviews-duplicates = { $count ->
    [one] { $count } отзыв, найденный в двух источниках, учтён один раз.
   *[other] Отзывы, найденные в двух источниках, учтены один раз: { $count }.
}
report-ratings = Оценки
report-stars-count = { $stars ->
    [one] { $stars } звезда
    [few] { $stars } звезды
   *[other] { $stars } звёзд
}: { $count }
report-distribution-alt = Распределение оценок: { $counts }
report-per-month = Отзывы по месяцам
report-legend-reviews = Отзывы
report-legend-answered = доля с ответом
report-month-bar = { $month }: { $reviews ->
    [one] { $reviews } отзыв
    [few] { $reviews } отзыва
   *[other] { $reviews } отзывов
}, с ответом { $answered }
report-months-alt = Отзывы по месяцам и доля с ответом, с { $first } по { $last }
report-platform = Площадка
report-average = Средняя
report-replies = За последние { $days } дн. ответ получили { $answered } из { $reviews } { $reviews ->
    [one] отзыва
   *[other] отзывов
} ({ $share }).
report-reply-time = Медиана времени ответа { $median } ч, 90 % ответов — в пределах { $p90 } ч.
report-negatives-heading = Отзывы на { $stars } { $stars ->
    [one] звезду
    [few] звезды
   *[other] звёзд
} и ниже без ответа за последние { $days } дн.
report-show-all = показать полностью
report-open-review = открыть отзыв
report-no-unanswered = Нет: на каждый недавний негативный отзыв есть ответ.
report-themes = На что жалуются в негативных отзывах
report-mentions = Упоминания
report-mentions-headline = { $count ->
    [one] { $count } упоминание
    [few] { $count } упоминания
   *[other] { $count } упоминаний
} за последние { $days } дн.
report-tone-alt = Тон: положительных { $positive }, нейтральных { $neutral }, негативных { $negative }
report-not-assessed = Не оценено
report-not-assessed-hint = Эти точки контакта не входят в оценку; охват выше показывает, какую долю веса чек-листа они составляют.
report-all-assessed = Все применимые точки контакта оценены.
report-method = Методика и источники
report-method-text = Чек-лист: { $checklist }. Точка контакта в норме, когда измеренное значение достигает цели, и провалена на пороге провала или за ним; между ними — «внимание». Её балл растёт от 0 на пороге провала до 1 на цели. Оценка области — взвешенное среднее её оценённых точек; общая оценка — взвешенное среднее областей, где оценена хотя бы одна точка. Охват — оценённая доля применимого веса; при охвате ниже 60 % оценка предварительная. Проваленная критичная точка ограничивает уровень второй ступенью.
report-builtin-checklist = встроенный по умолчанию
report-file = Файл:
report-input-problems = { $count ->
    [one] { $count } проблема во входных данных
    [few] { $count } проблемы во входных данных
   *[other] { $count } проблем во входных данных
}
report-generated = Создано touchaudit { $version }, { $at }.
tp-set-by-auditor = Оценка аудитора (по измерению: { $measured }): { $note }
tp-target = Цель:
tp-score = Балл: { $score }/100
tp-recommendation = Рекомендация:
gate-passed = пройдена
gate-failed = не пройдена

## Портфель пакетного запуска

portfolio-title = Портфель аудитов готовности к лояльности
portfolio-kicker = Аудиты готовности к лояльности
portfolio-heading = { $count ->
    [one] Портфель: { $count } клиент
    [few] Портфель: { $count } клиента
   *[other] Портфель: { $count } клиентов
}
portfolio-generated = Создан { $at }
portfolio-client = Клиент
portfolio-level = Уровень
portfolio-could-not-run = не запустился
portfolio-gate = проверка

## Сводка в Markdown и `touchaudit diff`

md-title = Готовность к лояльности: { $business }
md-headline = **{ $score } / 100**, уровень **{ $level }**, охват { $coverage } (на { $date }).
md-headline-provisional = **{ $score } / 100**, уровень **{ $level }**, охват { $coverage }, предварительно (на { $date }).
md-capped = Уровень ограничен проваленными критичными точками: { $touchpoints }.
md-assessed = Оценено
md-more-fixes = … и ещё { $count } в полном отчёте.
md-assessed-count = Оценено точек контакта: { $assessed } из { $total }; не оценено: { $not_assessed } (причины в отчёте).
md-since = С { $date }
md-score-change = Оценка { $from } → { $to } (на **{ $delta }**)
md-level-before = ; уровень раньше: { $level }
md-other-changes = Другие изменения:
md-not-compared = Не сравнивались (есть только в одном результате):
md-reviews = Отзывы:

## Повторные аудиты: заметки, метрики отзывов, проверки

note-schema-differs = у базового результата schema_version { $before }, у этого запуска { $now }: сравнено там, где поля совпадают
note-other-business = это результаты двух разных компаний ({ $what }); сравнение выполнено из-за --force
note-checklists-differ = чек-листы различаются (было { $before }, стало { $now }): точки контакта сравниваются по совпадающим id
metric-average-rating = средняя оценка
metric-reviews = отзывы
metric-reply-rate = доля ответов
metric-median-reply-hours = медиана часов до ответа
metric-unanswered-negative = негативные отзывы без ответа
gate-no-score = нет оценки
gate-at-least = оценка { $score } не ниже { $bar }
gate-below = оценка { $score } ниже { $bar }
gate-drop = оценка { $direction ->
    [dropped] упала
   *[rose] выросла
} на { $points } { $points ->
    [one] балл
    [few] балла
    [many] баллов
   *[other] балла
  } с { $since } (допустимо падение не больше { $max })
gate-no-scores = нечего сравнивать: у этого запуска или базового нет оценки
gate-first-run = нет предыдущего запуска для сравнения (первый запуск): не проверялось
gate-touchpoint-status = { $id }: { $status }
gate-touchpoint-missing = { $id } нет в этом результате

## Источники: что прочитано

src-gave-nothing = { $source }: нет ни одной пригодной записи
src-used-by = { $count ->
    [one] используется { $count } точкой контакта
   *[other] используется точками контакта: { $count }
}
src-offline-scores = точек контакта оценено аудитором: { $count }
src-offline-figures = цифр клиента: { $count }
src-survey-rows = строк: { $rows }, пустых: { $empty }
src-survey-answers = ответов: NPS { $nps }, CSAT { $csat }, CES { $ces }
src-line = строка { $line }: { $text }
survey-unreadable-row = нечитаемая строка: { $error }
survey-not-a-number = не число
survey-not-whole = не целое число на шкале { $low }–{ $high }
survey-outside = вне шкалы { $low }–{ $high }
src-invalid-cells = … всего неверных ячеек: { $count }
src-problems-in-all = … всего проблем: { $count }
src-review-source = { $platform } ({ $format }, { $location }): { $count ->
    [one] { $count } отзыв
    [few] { $count } отзыва
   *[other] { $count } отзывов
}
src-reviews-merged = после объединения { $count ->
    [one] { $count } отзыв
    [few] { $count } отзыва
   *[other] { $count } отзывов
}; удалено повторов из разных источников: { $duplicates }
src-feed-entries = { $count ->
    [one] { $count } запись
    [few] { $count } записи
   *[other] { $count } записей
}
src-serm-results = результатов: { $count }; своих { $own }, положительных { $positive }, нейтральных { $neutral }, негативных { $negative }
src-site-read = прочитано страниц: { $pages }, загружено URL: { $fetched }, проверено ссылок и картинок: { $checked }
src-site-broken = битых ссылок: { $count }
src-robots = robots.txt ответил { $status }; закрыто для нас URL: { $disallowed }
src-robots-not-read = robots.txt: не прочитан
src-sitemap = sitemap: { $urls } URL в { $files ->
    [one] { $files } файле
   *[other] { $files } файлах
}
src-settings = настройки: max_pages { $max_pages }, max_depth { $max_depth }, одновременных запросов { $concurrency }, { $rate }, тайм-аут { $timeout } с, robots.txt { $robots ->
    [honoured] соблюдается
   *[ignored] не учитывается
}
src-rate = { $rate ->
    [one] { $rate } запрос
    [few] { $rate } запроса
    [many] { $rate } запросов
   *[other] { $rate } запроса
} в секунду на хост
src-no-rate-limit = без ограничения частоты
page-answered = ответ { $status }
page-cut = обрезано по max_page_bytes
page-nested-too-deep = прочитана до места, где вложенность элементов глубже { $depth } уровней
page-bad-bytes = байты не соответствуют кодировке ({ $charset })
page-not-html = не HTML ({ $content_type })
page-no-content-type = тип содержимого не указан

## Лимиты обхода, настройки и сбои загрузки

crawl-time-limit = обход остановлен по лимиту времени { $seconds } с; не загружено страниц: { $count }
crawl-max-pages = обход остановлен на max_pages = { $max_pages }; найдено, но не загружено страниц: { $count }
crawl-max-depth = не пройдено ссылок глубже max_depth = { $max_depth }: { $count }
crawl-query-variants = пропущено URL — вариантов с параметрами сверх { $per_path } на путь (ловушка для обхода вроде календаря?): { $count }
crawl-robots-ignored = robots.txt не соблюдался (robots = false в [crawl])
crawl-no-rate-limit = ограничение частоты запросов к хосту было выключено
crawl-blocked = защита сайта не пустила краулер: { $pages ->
    [one] { $pages } страница
    [few] { $pages } страницы
   *[other] { $pages } страниц
} и { $links ->
    [one] { $links } проверка ссылки
    [few] { $links } проверки ссылок
   *[other] { $links } проверок ссылок
}; они учтены как заблокированные, а не битые (чтобы их прочитать, разрешите user agent touchaudit в настройках защиты)
crawl-read-past-protection = { $pages ->
    [one] { $pages } страница, которую
    [few] { $pages } страницы, которые
   *[other] { $pages } страниц, которые
} защита сайта не отдала краулеру, прочитаны в браузере, как их видят посетители
crawl-browser-refused = защита сайта не пустила и браузер: { $pages ->
    [one] { $pages } страница остаётся заблокированной
    [few] { $pages } страницы остаются заблокированными
   *[other] { $pages } страниц остаются заблокированными
}, это не ошибка сайта
fetch-dns = имя хоста не найдено
fetch-connect = не удалось соединиться
fetch-timeout = истекло время ожидания
fetch-redirect-loop = петля перенаправлений
fetch-too-many-redirects = слишком много перенаправлений
fetch-body = повреждённое тело ответа
fetch-other = запрос не удался
fetch-blocked = отклонён защитой сайта (проверка на бота или ограничение частоты), не битая ссылка

## Почему источник не прочитан

gather-no-offline = offline.toml не задан: укажите `offline` в audit.toml
gather-no-survey = опрос не задан: укажите `file` в [survey] файла audit.toml
gather-no-site = сайт не задан: укажите `site` в [business] файла audit.toml
gather-no-reviews = источник отзывов не задан: добавьте [[reviews]] в audit.toml
gather-no-mentions = лента упоминаний не задана: добавьте [[mentions]] в audit.toml
gather-no-serm = выдача по бренду не задана: сохраните первую страницу результатов поиска по названию и укажите file в [serm]
gather-reputation-stopped = чтение источников репутации неожиданно прервалось
gather-rival-stopped = сбор источников этого конкурента неожиданно прервался
gather-robots-unread = ни одну страницу { $site } не удалось загрузить: не прочитан robots.txt ({ $error })
gather-robots-disallows = ни одна страница { $site } не загружена: robots.txt запрещает обход
gather-no-page = ни одну страницу { $site } не удалось загрузить

## Правила по сайту

override-note = Оценка аудитора: { $note }
override-fix = Аудитор оценил эту точку контакта вручную: { $note }
site-failing-audits = не проходит { $audits }
site-did-not-answer = { $site } не ответил ({ $error })
site-blocked = защита сайта не пустила краулер на { $site } ({ $error }): разрешите user agent touchaudit в её настройках или запустите аудит с установленным Chromium и [crawl] render = "auto", чтобы браузер прочитал сайт как посетитель
site-blocked-browser-too = защита сайта не пустила на { $site } ни краулер ({ $error }), ни браузер: разрешите user agent touchaudit в её настройках
site-no-html = не удалось прочитать ни одной HTML-страницы { $site }
site-pages-share = { $good } из { $total } { $total ->
    [one] страницы
   *[other] страниц
} ({ $share })
site-found-target = найдено и работает
site-start-disallowed = robots.txt запрещает стартовую страницу, поэтому она не загружена
site-start-not-fetched = стартовая страница не загружена
site-no-answer = нет ответа
site-pages-read = прочитано страниц: { $pages }, всего загружено URL: { $fetched }
site-js-rendered = { $page } похоже, строится JavaScript: выводы по ней могут быть неполными
site-answers-2xx = сайт отвечает
site-plain-http = открывается по HTTP без шифрования
site-no-viewport = нет meta viewport
site-viewport-not-device = viewport `{ $viewport }` не device-width
site-page-kb = { $kb } КБ
site-page-kb-cut = { $kb } КБ (обрезано по лимиту байтов)
site-speed-figure = медиана { $median } мс, 90-й процентиль { $p90 } мс, страниц: { $pages }
site-broken-item = { $target } ({ $why }), на странице { $page }
site-n-broken = { $count ->
    [one] { $count } битая
    [few] { $count } битые
   *[other] { $count } битых
}
site-home-unread = не удалось прочитать главную страницу
site-contact = { $what ->
    [phone] телефон
    [email] почта
   *[address] адрес
}
site-found-on = { $what }: найдено на { $page }
site-not-near-home = не найдено рядом с главной: { $missing }
site-contacts-found = найдено { $found } из { $required } в пределах { $clicks ->
    [one] { $clicks } клика
   *[other] { $clicks } кликов
} от главной
site-stated-on = указаны на { $page }
site-hours-not-found = не найдены ни на главной, ни в одном клике от неё
site-near-checked = проверено страниц рядом с главной: { $count }
site-no-form = не найдено формы для связи (с полем для сообщения, телефона или email)
site-form-broken = форма на { $page } отправляет на { $action }: { $answer }
site-form-unreached = форма на { $page } не доходит до адресата
site-form-on = { $kind } на { $page }
form-kind-message = форма для сообщения
form-kind-booking = форма записи или заказа
form-kind-callback = форма обратного звонка
form-kind-subscription = форма подписки
site-no-prices = страница с ценами не найдена (путь `{ $path }` или «цены» в заголовке)
site-prices-shows = на { $page } указана дата { $date }
site-prices-undated = на странице с ценами ({ $page }) нет даты, заголовка Last-Modified и lastmod в sitemap
site-term = { $term ->
    [guarantee] гарантия
    [refund] возврат
    [delivery] доставка
   *[other] { $term }
}
site-address-on = адрес «{ $address }» найден на { $page }
site-map-on = карта ({ $map }) на { $page }, адрес текстом рядом с главной не написан
site-term-section = { $term }: раздел «{ $heading }» на { $page }
site-privacy-page = { $page } — это политика конфиденциальности
site-privacy-section = раздел «{ $heading }» на { $page }
site-privacy-link = { $page } ссылается на политику конфиденциальности { $target }
site-privacy-link-broken = { $page }: ссылка на политику конфиденциальности { $target } не работает
site-privacy-missing = { $page }: форма собирает персональные данные, а ссылки на политику конфиденциальности нет
site-privacy-share = { $good } из { $total } страниц с формой ведут к политике конфиденциальности
site-privacy-no-forms = политика конфиденциальности на сайте не найдена (форм с контактами нет, но счётчики и cookies тоже обрабатывают персональные данные)
legal-entity = название юридического лица
legal-number = его регистрационный номер
site-legal-entity-on = юридическое лицо «{ $entity }» на { $page }
site-legal-number-on = регистрационный номер «{ $number }» на { $page }
site-legal-stated = юридическое лицо и его регистрационный номер указаны
site-legal-missing = не указано: { $missing }
site-legal-none = ни на одной из { $pages } страниц нет юридического лица и регистрационного номера
site-reviews-widget = виджет отзывов ({ $widget }) на { $page }
site-reviews-page = страница отзывов: { $page }
site-reviews-section = отзывы клиентов: раздел «{ $heading }» на { $page }
site-reviews-marked = отзывы в микроразметке { $page }
site-no-reviews = на сайте не показаны отзывы клиентов
site-no-page-for = не найдены страницы: { $missing }
site-no-loyalty = страница программы лояльности не найдена
site-links-to-broken = { $page } ссылается на { $target }: { $answer }
site-page-works = { $page } работает
site-page-broken-links = на { $page } есть битые ссылки
site-no-lang = нет атрибута lang
site-no-structured = микроразметка LocalBusiness не найдена
site-types-on = { $types } на { $page }
site-missing = не хватает: { $missing }
site-self-rating = есть разметка рейтинга бизнеса о самом себе: поисковики не показывают звёзды за такие отзывы, поэтому она здесь ничего не даёт
site-n-of-m-properties = свойств: { $found } из { $total }
site-text-missing = { $what ->
    [title] нет title
   *[description] нет description
}
site-text-short = { $what ->
    [title] title
   *[description] description
} слишком короткий ({ $length } симв.)
site-text-long = { $what ->
    [title] title
   *[description] description
} слишком длинный ({ $length } симв.)
site-text-shared = { $what ->
    [title] title
   *[description] description
} совпадает с другой страницей
site-h1-count = { $count ->
    [0] нет h1
    [one] { $count } заголовок h1
    [few] { $count } заголовка h1
   *[other] { $count } заголовков h1
}
site-sitemap-disallowed = есть в sitemap, но закрыта в robots.txt
site-noindex = помечена noindex
site-no-sitemap = sitemap не найден
site-sitemap-empty = в sitemap нет ни одной страницы сайта
site-sitemap-url-error = есть в sitemap, отвечает { $status }
site-sitemap-url-unreachable = есть в sitemap, не отвечает
site-sitemap-url-redirects = есть в sitemap, перенаправляет на { $to }
site-sitemap-unhealthy = адресов sitemap с ошибкой или перенаправлением: { $count }
site-orphan = есть в sitemap, но ни одна страница на неё не ссылается (сирота)
site-not-in-sitemap = нет в sitemap
site-no-canonical = нет ссылки canonical
site-canonical-broken = canonical { $target } отвечает { $status }
site-canonical-off-site = canonical { $target } ведёт за пределы сайта
site-n-profiles = профилей: { $count }
site-chat-widget = виджет чата
site-what-on = { $what } на { $page }
site-messenger-broken = ссылка на мессенджер без https:// никуда не ведёт
site-link-no-scheme = { $href } на { $page } без https://, поэтому браузер открывает несуществующую страницу сайта: напишите https://{ $href }
site-no-chat = не найдено виджета чата или ссылок на мессенджеры
site-signup-on = подписка на { $page }
site-no-newsletter = подписка на рассылку не найдена
site-check-not-run = эта проверка не выполнялась при обходе
site-no-page-matches = ни одна прочитанная страница не подходит под `{ $path }`
site-check-missing = не найдено
site-check-found = найдено
serm-none-in-top = нет результатов на первых { $top } позициях
serm-not-negative = не негативны { $good } из первых { $total } результатов (своих у бизнеса: { $own })

## Правила по отзывам и упоминаниям

rev-no-text = (без текста)
rev-none-in-window = { $what ->
    [review] нет отзывов
    [reply] нет ответов владельца
    [dated-reply] нет датированных ответов владельца
   *[mention] нет упоминаний
} за { $days } дн. до { $date }
rev-none-up-to = { $what ->
    [review] нет отзывов
    [reply] нет ответов владельца
    [dated-reply] нет датированных ответов владельца
   *[mention] нет упоминаний
} по { $date }
rev-platform-rating = { $platform }: { $stars }★ по { $count ->
    [one] { $count } отзыву
   *[other] { $count } отзывам
}
rev-as-the-platform-shows = (как показывает площадка; прочитано { $read ->
    [one] { $read } отзыв
    [few] { $read } отзыва
   *[other] { $read } отзывов
})
nap-name = название
nap-address = адрес
nap-phone = телефон
nap-website = сайт
nap-hours = часы работы
nap-from-audit = ваши данные
nap-from-site = на сайте
nap-no-listing = ни одна выгрузка карточки не содержит данных компании (их содержат выгрузки мест Apify и Outscraper)
nap-nothing-to-compare = у карточек и эталона нет общих полей для сравнения
nap-not-compared = { $source }: телефон и адрес не сравнивались, их не с чем сравнить (укажите `phone` и `address` в [business] файла audit.toml или опубликуйте их на сайте)
nap-missing = { $source }: нет поля «{ $field }»
nap-matches = { $source }: { $field } { $value } совпадает
nap-differs = { $source } указывает { $field } { $value }, а не { $expected } ({ $from })
nap-text = совпадает { $share } данных ({ $differs ->
    [0] расхождений нет
    [one] { $differs } расхождение
    [few] { $differs } расхождения
   *[other] { $differs } расхождений
})
rev-states = { $platform } указывает { $stars }★
rev-from-n-reviews = по { $count ->
    [one] { $count } отзыву
   *[other] { $count } отзывам
}
rev-self-published = (опубликовано бизнесом о самом себе: поисковики не показывают за это звёзды, поэтому не учитывается)
rev-rating-text = { $stars }★ ({ $count ->
    [one] { $count } отзыв
    [few] { $count } отзыва
   *[other] { $count } отзывов
})
rev-per-month-text = { $per_month } в месяц ({ $count } за { $days } дн.)
rev-answered-text = ответ получили { $answered } из { $reviews } ({ $share })
rev-reply-time-text = медиана { $median } (90 % в пределах { $p90 })
rev-replies-timed = ответов с временем: { $count }; у отредактированного ответа время правки, так что это оценки сверху
rev-replies-undated = ответов без даты (не учтены во времени): { $count }
rev-replies-before-review = ответов с датой раньше отзыва (отзыв потом правили; не учтены во времени): { $count }
rev-n-in-days = { $count } за { $days } дн.
rev-no-expected-platforms = не заданы ожидаемые площадки: перечислите их в audit.toml, [reputation] platforms = ["Яндекс Карты", …]
rev-platforms-text = { $found } из { $expected } ожидаемых площадок
rev-read-from = отзывы прочитаны с площадок: { $platforms }
rev-none-on = не найдено отзывов на: { $platforms }
rev-canned-text = { $repeated } из { $total } ответов повторяют другой ({ $share })
rev-negative-text = негативных { $negative } из { $total } ({ $share })

## Офлайн-оценки и метрики опроса

man-no-score = нет оценки для `{ $id }` в { $file }
man-marked-na = отмечено как неприменимое в { $file }
man-assessed-on = оценено { $date }
man-items-for-score = в { $file } для `{ $id }` даны пункты, а нужна оценка
man-score-for-items = в { $file } для `{ $id }` дана оценка, а нужны пункты
man-no-items = для `{ $id }` в { $file } не отмечено ни одного пункта
man-on-scale = { $score } по шкале { $min }–{ $max }
man-items-met = выполнено пунктов: { $met } из { $total }
man-items-met-share = выполнено пунктов: { $met } из { $total } ({ $share })
man-not-met = не выполнено: { $items }
man-not-checked = не проверено: { $items }
met-no-answers = в { $file } нет ответов { $metric }
met-too-few = в опросе всего { $count } ответов { $metric }; для осмысленной цифры нужно не меньше { $min }
met-nps-split = ответов { $answers }: промоутеров { $promoters } ({ $promoters_share }), нейтральных { $passives } ({ $passives_share }), критиков { $detractors } ({ $detractors_share })
met-margin = погрешность при 95 % ±{ $margin }
met-csat-figure = { $satisfied } из { $answers } ответов — 4 или 5; в среднем { $mean } из 5
met-ces-figure = ответов { $answers }; легко было { $easy } (5–7)
met-of-7 = { $value } из 7
met-client-figure = { $key } = { $value } (цифра клиента)
met-no-figure = цифры клиента `{ $key }` нет в [figures] файла { $file }

## Чтение выгрузок отзывов, страниц, лент и поисковой выдачи

in-no-rating = нет оценки
in-not-a-rating = `{ $text }` — не оценка
in-rating-bad-scale = оценка `{ $text }` дана по шкале { $scale }, а это не шкала оценок (от 1 до 100)
in-rating-outside = оценка `{ $text }` вне шкалы 0–{ $scale }
in-no-date = нет даты
in-not-a-timestamp = `{ $text }` — не метка времени
in-not-a-date = `{ $text }` — не дата, которую читает touchaudit (например, 2026-10-01 или 2026-10-01T14:05:00+03:00)
in-reply-date = дата ответа: { $error }
in-no-field = нет `{ $field }`
in-no-value = нет { $what ->
    [rating] оценки
   *[date] даты
} в `{ $column }`
in-not-found = { $what ->
    [rating] оценка
   *[date] дата
} не найдена
in-empty-file = { $name }: файл пуст
in-malformed-json = { $name }: ошибка JSON в строке { $line }, столбце { $column }: { $error }
in-not-gbp = { $name }: не выгрузка отзывов Business Profile (нет списка `reviews`)
in-record = { $name }, запись { $record }: { $problem }
in-open-quote = { $name }, строка { $line }: открытая там кавычка (") не закрыта, поэтому { $rows } строк после неё прочитаны как одна ячейка; закройте кавычку или уберите её
in-line = { $name }, строка { $line }: { $problem }
in-no-header = { $name }: не удалось прочитать заголовок: { $error }
in-no-column = { $name }: нет столбца `{ $column }` для { $what ->
    [rating] оценки
   *[date] даты
} (в заголовке: { $header }); укажите [reviews.columns] { $what }
in-not-array = { $name }: ожидался JSON-массив отзывов
in-no-usable-review = { $name }: { $count ->
    [one] единственная запись непригодна
    [few] ни одна из { $count } записей не пригодна
   *[other] ни одна из { $count } записей не пригодна
}: { $problems }
in-no-reviews-in = { $name }: в нём нет отзывов
in-no-review-read = не удалось прочитать ни одного отзыва: { $errors }
in-html-needs-rules = { $name }: для источника html нужны `rules`
in-jsonld-malformed = { $name }: блок JSON-LD { $block } повреждён: { $error }
in-no-jsonld = { $name }: на странице нет JSON-LD (`<script type="application/ld+json">`)
in-testimonials = { $name }: элементы Review в собственной разметке бизнеса ({ $count }) — отобранные им отзывы, не учитываются
in-jsonld-review = { $name }, Review { $record }: { $problem }
in-page-review = { $name }, отзыв { $number }: { $problem }
in-container-nothing = { $name }: селектор контейнера `{ $selector }` из { $rules } ничего не нашёл; возможно, вёрстка страницы изменилась
in-not-platform = { $name } — не выгрузка отзывов { $platform } (в записях нет списка отзывов)
in-hidden-reviews = { $name }: скрытые площадкой отзывы не учтены: { $count }
in-next-page-outside = { $name }: ссылка на следующую страницу `{ $href }` ведёт за пределы папки или сайта источника, поэтому не открыта
in-next-page = следующая страница: { $error }
in-selector-nothing = селектор `{ $field }` из { $rules } ничего не нашёл ни в одном из отзывов ({ $count })
in-feed-empty = { $name }: в ленте нет записей
in-no-mention-read = не удалось прочитать ни одного упоминания: { $errors }
in-feed-malformed = { $name }: не лента: ошибка XML на байте { $byte }: { $error }
in-feed-unclosed = { $name }: не лента: ошибка XML, файл обрывается внутри <{ $element }>
in-feed-root = { $name }: не лента RSS или Atom (корневой элемент <{ $element }>)
in-feed-no-xml = { $name }: не лента: в файле нет XML-элементов
in-no-title = (без заголовка)
in-entry = { $name }, запись { $number }: { $problem }
in-serm-not-file = { $name }: поисковая выдача читается из сохранённого файла
in-serm-columns = { $name }: нужны столбцы `url` и `title` (в заголовке: { $header })
in-not-a-url = `{ $url }` — не URL
in-bad-position = позиция `{ $position }` — не 1, 2, 3 …
in-serm-empty = { $name }: в нём нет результатов поиска

## touchaudit init: шаблон offline.toml

init-offline-intro = Офлайн-оценки: что аудитор увидел, услышал и узнал. Раскомментируйте блок и заполните его;
    точка контакта, которой здесь нет, в отчёте будет «не оценено», а не угадана.
    Кроме оценки, каждый блок принимает `note`, `evidence` (файлы) и `assessed` (дату),
    или `not_applicable = true` с заметкой, если точка контакта к этому бизнесу не относится.
init-weight = вес { $weight }
init-scale = Шкала { $scale }; «выполнено» от { $pass }, «не выполнено» при { $fail }.
init-items = Отметьте каждый пункт true или false; «выполнено» от { $share } % выполненных пунктов.
init-figures = Цифры самого клиента
init-shares = Доли записываются от 0 до 1 (31 % — это 0.31).
in-not-utf8 = { $name }: не текст в UTF-8; сохраните файл в UTF-8
web-not-a-url = `{ $url }` — не URL: { $error }
web-not-http = `{ $url }` — не адрес http(s)
web-robots-unread = не удалось прочитать его robots.txt ({ $error })
web-robots-disallows = robots.txt запрещает его загрузку
web-redirect-elsewhere = перенаправляет на другой сайт ({ $url }), который не загружается
web-too-long = длиннее max_page_bytes ({ $bytes } байт)
robots-time-limit = не прочитан за отведённое на обход время (max_time_s)
robots-unparsable = не удалось разобрать robots.txt: { $error }
sitemap-gzip = не удалось распаковать: { $error }
sitemap-root = не sitemap: корневой элемент <{ $element }>
sitemap-entity = неизвестная сущность &{ $entity };
sitemap-unclosed = ошибка XML: файл обрывается внутри <{ $element }>
sitemap-malformed = ошибка XML на байте { $byte }: { $error }
sitemap-no-root = не sitemap: нет <urlset> или <sitemapindex>
sitemap-too-large = sitemap больше { $bytes } байт в распакованном виде (предел sitemaps.org), поэтому его адреса не прочитаны
sitemap-off-site = не на проверяемом сайте, поэтому не загружен
sitemap-time-limit = достигнут предел времени обхода (max_time_s): не прочитано файлов sitemap: { $left }
sitemap-cut = sitemap длиннее max_page_bytes ({ $bytes } байт), поэтому его адреса не прочитаны
sitemap-url-limit = в sitemap больше адресов, чем прочитано ({ $max }, max_pages × 10): не прочитано ещё { $skipped }
sitemap-too-many = больше { $max } файлов sitemap; остальные не прочитаны
sitemap-bad-loc = неверный <loc> `{ $loc }`

## The NAP table of the reputation section
report-nap = Название, адрес и телефон в карточках
report-nap-source = Источник
report-nap-expected = Должно быть
report-nap-reference = { $value } ({ $from })
report-nap-no-reference = —
report-nap-matches = совпадает
report-nap-differs = отличается
report-nap-missing = нет
report-nap-unchecked = не сравнивали
report-nap-line-differs = { $field }: { $value }, а должно быть { $expected }.
report-nap-line-missing = { $field }: не указан (должно быть { $expected }).
report-nap-line-match = { $fields }.

## The executive summary, the client view and the agency
report-summary = Главное
report-next-level = { $count ->
    [one] Исправьте первый пункт списка ниже, и оценка вырастет до { $score }: { $level }.
    [few] Исправьте первые { $count } пункта списка ниже, и оценка вырастет до { $score }: { $level }.
   *[other] Исправьте первые { $count } пунктов списка ниже, и оценка вырастет до { $score }: { $level }.
  }
report-next-level-none = Ни один набор исправлений ниже сам по себе не поднимает уровень: неоценённые проверки весят слишком много.
report-top-level = Оценка на высшем уровне.
report-strengths = Сильные стороны
report-show-all-fixes = { $count ->
    [one] Показать { $count } исправление
    [few] Показать все { $count } исправления
   *[other] Показать все { $count } исправлений
  }
report-smaller-fixes = { $count ->
    [one] Ещё { $count } исправление, менее весомое, приведено в отчёте для консультанта.
    [few] Ещё { $count } исправления, менее весомые, приведены в отчёте для консультанта.
   *[other] Ещё { $count } исправлений, менее весомых, приведены в отчёте для консультанта.
  }
report-not-covered = Что не входило в этот аудит
report-not-covered-offline = Визит на место (офис, персонал, тайный покупатель) не входил в этот аудит.
report-not-covered-survey = Опрос клиентов (NPS, CSAT, CES) не входил в этот аудит.
report-not-covered-site = Сайт не входил в этот аудит.
report-not-covered-failed = { $source }: ничего не получено: { $reason }.
report-not-covered-reviews = Площадки отзывов не входили в этот аудит.
report-not-covered-mentions = Упоминания в сети не входили в этот аудит.
report-not-covered-serm = Поисковая выдача по бренду не входила в этот аудит.
report-not-measured = { $count ->
    [one] Ещё { $count } проверку измерить не удалось: { $checks }.
    [few] Ещё { $count } проверки измерить не удалось: { $checks }.
   *[other] Ещё { $count } проверок измерить не удалось: { $checks }.
  }
report-prepared-by = Подготовлено: { $agency }
report-page-of = из
report-how-scored = Как считается оценка

## Competitors side by side
rival-heading = Конкуренты рядом
rival-hint = Одинаковые внешние проверки для каждой клиники: сайт, поиск, отзывы и карточки. Внешняя оценка учитывает только проверки, которые удалось выполнить для всех.
rival-metric = Показатель
rival-outside-in = Внешняя оценка
rival-reply-rate = Отзывы с ответом
rival-reply-hours = Медиана времени ответа
rival-unanswered = Негативные отзывы без ответа
rival-https = HTTPS
rival-mobile = Страницы для телефона
rival-contacts = Контакты на сайте
rival-hours = Часы работы на сайте
rival-prices = Актуальные цены
rival-loyalty = Страница программы лояльности
rival-accessibility = Доступность
rival-quadrant = Рейтинг и число отзывов
rival-more-reviews = больше отзывов →
rival-higher-rating = ↑ выше рейтинг
rival-point = { $name }: рейтинг { $rating }, отзывов: { $count }
rival-where-trail = Где вы отстаёте
rival-trails = { $rival }: { $metric } — { $theirs }; у вас — { $yours }.
rival-trail-fix = { $rival }: { $theirs }; у вас: { $yours }.
rival-listing-only = Из блока «Люди также ищут» в карточке: только рейтинг и число отзывов, без проверки и места в рейтинге.
md-rival-gaps = Ваш отрыв от конкурентов (баллы оценки снаружи, минус — отставание):
rival-gap-moved = { $rival }: { $before } → { $now } ({ $delta })
note-outside-in-differs = точки оценки снаружи отличаются от базовых: разрывы с конкурентами сравнивают разные наборы проверок
rival-nap = Название, адрес и телефон совпадают
rival-rating = Рейтинг
rival-more = Другие показатели

## The visit form
visit-title = Анкета визита
visit-score = Оценка ({ $min }–{ $max })
visit-note = Заметка
visit-na = Неприменимо
visit-date = Дата
visit-photo = Фото
visit-progress = Оценено: { $done } из { $total }
visit-export = Выгрузить для touchaudit
visit-hint = Ответы хранятся в этом браузере, пока вы их не выгрузите. Отправьте скачанный zip консультанту или выполните: touchaudit visit import ФАЙЛ --into ПАПКА
visit-storage-full = Браузер не смог сохранить последнюю запись (память заполнена или включён приватный режим): сделайте экспорт сейчас, чтобы ничего не потерять при перезагрузке.
gate-rank = место по внешней оценке: { $rank } из { $total } (нужно не ниже { $max })
gate-no-rivals = нет конкурентов ([[competitor]]) для сравнения
report-draft-reply = Черновик ответа
report-draft-replies = Черновики ответов на негативные отзывы без ответа
report-appendix = Приложение: подтверждения

# Changes tested for noise
verdict-improved = улучшение
verdict-worsened = ухудшение
verdict-within-noise = в пределах шума
report-samples = Размер выборки
report-verdict = Вывод
md-score-verdict = Изменение оценки: { $verdict } ({ $noise } балла из него — изменения в пределах шума).
md-moved-by = Изменили её: { $touchpoints }.
gate-drop-real = реальное ухудшение с { $since }: { $what }
gate-no-real-drop = реального ухудшения с { $since } нет
report-measures = Области и изменившиеся измерения ({ $count })
report-metric-trends = Ключевые показатели во времени ({ $count })
report-touchpoint = Точка контакта
report-trend-alt-of = { $what } за последние запуски: { $runs }
report-trend-rating = Средняя оценка
report-trend-reply-rate = Отзывы с ответом
report-trend-nps = NPS
report-trend-csat = CSAT
report-trend-ces = CES (из 7)
report-trend-unanswered = Негативные отзывы без ответа
report-trend-negative-mentions = Негативные упоминания
portfolio-trend = Динамика
measure-csat-mean = среднее по шкале 1–5
measure-ces-easy = доля «легко» (5–7)
measure-negative-reviews = доля негативных отзывов
crawl-not-rendered = страниц выглядят собранными скриптами, но браузер для их отрисовки не найден, и они оценены такими, какими их отдаёт сервер (установите Chromium или задайте TOUCHAUDIT_CHROMIUM): { $pages }
crawl-rendered = страниц прочитано в headless Chromium так, как их видят посетители: { $pages }
crawl-render-failed = браузер не смог отрисовать страниц (не запустился, страница не успокоилась или защита сайта его не пустила), и они оценены такими, какими их отдаёт сервер: { $pages }
crawl-render-limit = отрисовка остановлена на max_rendered_pages = { $max }; страниц оценено такими, какими их отдаёт сервер: { $count }
site-rendered-differs = { $page }: посетители видят не то, что отдаёт сервер ({ $what }); поисковики и превью ссылок могут прочитать страницу без этого
site-vitals-score = { $score } из 100
site-vitals-target = ≥ { $score }
site-vitals-page = { $score } баллов: LCP { $lcp } с, TBT { $tbt } мс, CLS { $cls } (FCP { $fcp } с; медиана загрузок: { $loads })
site-vitals-how = измерено в headless Chromium так, как страницу загружает телефон посетителя (мобильное замедление Lighthouse: медленный 4G, процессор в 4 раза медленнее), без кэша; каждая метрика даёт 100 на границе «хорошо» Core Web Vitals и 0 на границе «плохо», с весами Lighthouse
site-speed-server-only = только время ответа сервера: браузер не измерял, сколько ждут посетители (установите Chromium и оставьте render = "auto" в [crawl])
rev-coverage = { $platform }: по { $read } из { $total } отзывов (площадка указывает { $total }, в выгрузке { $read })
rev-coverage-sample = { $platform }: по { $read } из { $total } отзывов, это выборка: в выгрузке меньше половины отзывов площадки, и показатель может не совпасть со всеми
rev-reply-time-undated-platform = { $platform }: время ответа не оценено, в выгрузке нет дат ответов (ответов без даты: { $count })

## listings.profile
profile-no-export = Ни одна выгрузка карточки не содержит полей профиля (подтверждение, рубрики, фото …): добавьте выгрузку места Google Maps (Apify, Outscraper), файл локации Business Profile или филиал 2ГИС.
profile-nothing-carried = В выгрузках карточек нет ни одного поля профиля.
profile-text = заполнено { $share } полей профиля в карточках: { $listings }
profile-complete = { $source }: { $fields }
profile-missing = { $source }: исправить: { $state }
profile-absent = { $source }: нет в этой выгрузке: { $fields }
profile-duplicate = На площадке { $platform } две карточки { $shared }: { $first } ({ $first_reviews }) и { $second } ({ $second_reviews })
profile-reviews-held = отзывов: { $count }
profile-reviews-not-exported = нет в выгрузках, число отзывов неизвестно
profile-duplicate-fix = Попросите площадку объединить дубль с карточкой, где больше отзывов
profile-shared-phone = с одним телефоном
profile-shared-address = с одним адресом
profile-shared-platform = с отметкой площадки о дубле
profile-claimed = подтверждение владельцем
profile-claimed-yes = карточка подтверждена владельцем
profile-claimed-no = карточка не подтверждена владельцем
profile-claimed-fix = Подтвердите права на карточку, чтобы править её и отвечать от имени компании могли только вы
profile-open = отметка «закрыто»
profile-open-yes = показана как работающая
profile-open-temporarily = отмечена как временно закрытая
profile-open-permanently = отмечена как закрытая навсегда
profile-open-fix = Немедленно снимите отметку о закрытии: клиентам сообщают, что компания не работает
profile-categories = рубрики
profile-categories-text = { $count ->
    [0] рубрик нет
   *[other] рубрик: { $count } ({ $names })
}, нужно не меньше { $min }
profile-categories-fix = Добавьте дополнительные рубрики, подходящие к услугам
profile-description = описание
profile-description-text = описание из { $chars } знаков, нужно не меньше { $min }
profile-description-fix = Напишите описание: услуги, район работы и чем компания отличается от других
profile-photos = фото
profile-photos-text = фото: { $count }, нужно не меньше { $min }
profile-photos-fix = Добавьте фото помещения, команды и работ и пополняйте их каждый месяц
profile-hours = часы работы
profile-hours-yes = часы работы указаны
profile-hours-no = часы работы не указаны
profile-hours-fix = Укажите часы работы
profile-website = сайт
profile-website-yes = ссылка на сайт есть
profile-website-no = ссылки на сайт нет
profile-website-fix = Добавьте ссылку на сайт
profile-phone = телефон
profile-phone-yes = телефон указан
profile-phone-no = телефона нет
profile-phone-fix = Укажите телефон, по которому клиентам звонить
profile-attributes = характеристики
profile-attributes-text = отмечено характеристик: { $count }, нужно не меньше { $min }
profile-attributes-fix = Отметьте подходящие характеристики (услуги, доступность, оплата, удобства)
profile-questions = вопросы клиентов
profile-questions-text = вопросов клиентов: { $asked }, без ответа: { $unanswered }
profile-questions-fix = Ответьте от имени владельца на все вопросы клиентов в карточке
profile-posts = публикации владельца
profile-posts-text = публикаций владельца: { $count }, последняя { $days } дн. назад
profile-posts-none = нет датированных публикаций владельца
profile-posts-fix = Публикуйте новость, акцию или событие хотя бы раз в месяц
profile-special-hours = особые часы
profile-special-hours-yes = часы работы в праздники указаны
profile-special-hours-no = часы работы в праздники не указаны
profile-special-hours-fix = Укажите часы работы в ближайшие праздники
profile-pending-edits = предложенные правки
profile-pending-edits-yes = правки от Google или пользователей ждут проверки
profile-pending-edits-no = непроверенных правок нет
profile-pending-edits-fix = Проверьте предложенные правки: примите верные и исправьте неверные
profile-booking = запись онлайн
profile-booking-yes = ссылка на запись есть
profile-booking-no = ссылки на запись нет
profile-booking-fix = Добавьте ссылку на онлайн-запись, если компания записывает клиентов
report-profiles = Карточки на картах
report-profile-share = заполнено { $share }
report-profile-complete = заполнено
report-profile-absent = нет в этой выгрузке
report-profile-duplicate = Дубль карточки: { $first } ({ $first_reviews }) и { $second } ({ $second_reviews })
report-profile-details = Каждая карточка по полям, с исправлениями
report-profile-to-fix = исправить: { $count }
rev-unclaimed-on = карточки, не подтверждённые владельцем, на: { $platforms }
report-profile-fix = исправить
report-profile-critical = критично
report-profile-line = { $state }. { $fix }.

## Live review sources (the platforms' APIs)
live-unreachable = { $source }: нет ответа от { $url } после { $tries } попыток: { $error }
live-wait-too-long = { $source } ответил { $status } и попросил подождать { $seconds } с, дольше допустимых { $max } с (MAX_API_RETRY_AFTER_S): запустите аудит позже
live-gave-up = { $source } по-прежнему отвечает { $status } на { $url } после { $tries } попыток: { $message }
live-status = { $source } ответил { $status } на { $url }: { $message }
live-refused = { $source } не принял ключ доступа ({ $status }: { $message }): проверьте { $var }. { $how }
live-no-credential = { $source }: { $why }. { $how }
live-token-refused = Google не принял refresh token ({ $message }): проверьте GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET и GBP_REFRESH_TOKEN. { $how }
live-token-failed = не удалось получить access token от { $url }: { $error }. { $how }
live-how-apify = Токен есть в Apify Console, Settings → API & Integrations; передайте его задаче как секрет APIFY_TOKEN (или APIFY_TOKEN_FILE с путём к файлу).
live-how-gbp = Создайте OAuth-клиент (Google Cloud console, APIs & Services → Credentials) в проекте с включёнными Business Profile API, получите refresh token с правом business.manage от аккаунта, управляющего карточкой, и передайте задаче секреты GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET и GBP_REFRESH_TOKEN.
live-how-outscraper = Ключ API создаётся в профиле Outscraper (app.outscraper.com/profile); передайте его задаче как секрет OUTSCRAPER_API_KEY.
live-how-2gis = Ключ API отзывов 2ГИС выдаётся с аккаунтом 2GIS API (dev.2gis.com); передайте его задаче как секрет DGIS_API_KEY.
live-job-failed = { $source }: запрос завершился со статусом { $status }: { $message }
live-job-pending = { $source }: запрос всё ещё выполняется после { $seconds } с ожидания: запустите аудит позже
live-not-saved = { $source }: нет среди сохранённых источников в { $dir } ({ $error })
live-too-slow = { $source }: не прочитан за { $seconds } с (SOURCE_TIMEOUT_S)
live-cut-items = { $source }: прочитаны первые { $items } из { $total } записей — предел источника (`max_items` = { $max })
live-cut-pages = { $source }: остановлено после { $pages } страниц ({ $items } записей, MAX_PAGES)
live-malformed = { $source }: ответ на { $url } не соответствует документации API: { $error }
live-bad-base = { $var } = { $url }: { $why }

## Chains
chain-location-line = { $location }: { $measured }
chain-across = выполнено в { $passing } из { $count } точек, не выполнено в { $failing }
chain-heading = Точки
chain-hint = Каждая точка оценена по своим отзывам, карточке, визиту и ответам опроса; сайт и бренд общие для сети. Сортируйте по любому столбцу.
chain-sort = Сортировать по
chain-col-name = Точка
chain-col-score = Балл
chain-col-rating = Рейтинг
chain-col-reply = Ответы
chain-col-visit = Визит
chain-col-nps = NPS
chain-col-level = Уровень
chain-problems = Где проблемы сети
chain-matrix-hint = ✓ выполнено, ! на грани, ✗ не выполнено, – не оценено. Строки, не выполненные в половине точек и более, — проблемы всей сети.
chain-systemic = Проблемы сети: одно исправление в стандартах
chain-local = Локальные проблемы: исправляются на месте
chain-systemic-line = { $title }: не выполнено в { $count } точках ({ $locations })
chain-local-line = { $title }: { $locations }
chain-online-offline = Отзывы рядом с визитом
chain-contrast = { $theme }: { $complaints } из { $negative } негативных отзывов; { $touchpoint }: { $score }
chain-disagree = расходятся
visit-location = Точка
portfolio-locations = { $count ->
    [one] { $count } точка
    [few] { $count } точки
   *[many] { $count } точек
}
portfolio-local = { $count ->
    [one] { $count } локальная проблема
    [few] { $count } локальные проблемы
   *[many] { $count } локальных проблем
}
chain-site-page = На сайте есть страница точки с её адресом, телефоном и часами работы
live-no-location = { $source }: не удалось прочитать данные карточки (листинг), отзывы прочитаны: { $error }
gather-reviews-per-location = читаются по точкам, с каждой из { $count } точек (см. «Точки»)
gather-offline-per-location = визиты и офлайн-оценки у каждой из { $count } точек свои (см. «Точки»)
chain-fix-systemic = Проблема всей сети, в { $count } точках ({ $locations }): одно исправление в стандартах.
chain-fix-local = Только в точках: { $locations }.
