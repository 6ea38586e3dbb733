"""A phone split by words the recogniser made of its digits ("ноль" heard "на"), and an address's name said
whole right before it is spelled. Whisper's own lines from synthesised calls, with made-up numbers and
names."""

from __future__ import annotations

from tests.redaction.turn_texts import redacted_texts
from voc.redaction.dates import named_year_or_date
from voc.redaction.dictation import digit_runs


def test_a_phone_split_by_misheard_words_after_its_name_is_one_phone() -> None:
    texts = redacted_texts(
        [
            ("agent", "Когда вам удобно?"),
            ("customer", "Четвертого я дома, пусть курьер наберет за час мой номер. 916, на лишь 4, 38, 27."),
            ("customer", "Да, и телефон на всякий случай, плюс 950-3 на 41-27-66."),
        ]
    )
    assert texts[1] == "Четвертого я дома, пусть курьер наберет за час мой номер. [PHONE]."
    assert texts[2] == "Да, и телефон на всякий случай, [PHONE]."


def test_numbers_split_by_words_that_name_no_phone_stay() -> None:
    texts = redacted_texts(
        [
            ("agent", "Какой у вас заказ?"),
            ("customer", "Номер заказа 4512, на 338 и ещё 21."),
            ("customer", "Сдача со 1000 на 250, а 3 на 45 коробки."),
        ]
    )
    assert texts[1] == "Номер заказа 4512, на 338 и ещё 21."
    assert texts[2] == "Сдача со 1000 на 250, а 3 на 45 коробки."


def test_the_name_said_before_it_is_spelled_goes_with_the_address() -> None:
    texts = redacted_texts(
        [("customer", "Send the confirmation email to Ortega, O-R-T-E-G-A at Outlook.com.")],
        "en",
    )
    assert texts[0] == "Send the confirmation email to [EMAIL]."
    texts = redacted_texts([("agent", "Ваша почта?"), ("customer", "Пишите: в, е, т, р, о, в, а собака mail точка ru")])
    assert texts[1] == "Пишите: [EMAIL]"


def test_digits_dictated_one_by_one_before_a_hesitation_heard_as_letters_are_no_day_of_the_month() -> None:
    # "8 903, э-э, 571..." heard "8-9-0-3-е-п-5-7-1-...": the "-е" after the 3 is no "3-е" (the third)
    text = "8-9-0-3-е-п-5-7-1-0-4-6-9-"
    first = digit_runs(text, "ru")[0]
    assert first.digits == "8903" and not named_year_or_date(first, text)
    said = "Зарплата придёт 5М-6-го"  # a day garbled before its case ending stays a day
    assert named_year_or_date(digit_runs(said, "ru")[0], said)


def test_a_phone_said_after_plus_is_a_phone_though_its_digits_were_garbled_and_a_request_number_was_asked() -> None:
    texts = redacted_texts(
        [
            ("agent", "В любой офис до 31 декабря, номер заявки 90-144"),
            ("customer", "смыспусть приходит на новый плюс 96512, 07, 07."),
        ]
    )
    assert texts[1] == "смыспусть приходит на новый [PHONE]."
    assert (
        redacted_texts([("customer", "Температура плюс 15, а в Москве плюс 3.")])[0]
        == "Температура плюс 15, а в Москве плюс 3."
    )


def test_a_passport_with_a_digit_lost_after_its_name_is_a_passport() -> None:
    texts = redacted_texts(
        [
            ("agent", "Вижу заявку номер 8-8-3 на леден. Для билетов на поезд нужен паспорт второго туриста."),
            ("customer", "паспорту мужа 40.8. 515.362."),
        ]
    )
    assert texts[1] == "паспорту мужа [PASSPORT]."


def test_an_sms_code_with_its_zero_heard_as_na_after_a_code_is_announced() -> None:
    texts = redacted_texts(
        [
            ("agent", "Потом смените. Сейчас придёт сообщение с временным кодом."),
            ("customer", "Пришла 84 на 3-26. Продлю в субботу."),
        ]
    )
    assert "84" not in texts[1] and "3-26" not in texts[1]


def test_a_card_begun_and_stopped_by_the_agent_is_masked() -> None:
    texts = redacted_texts(
        [
            ("customer", "Да, а предыплоту укрорты можно, давайте продиктую 4,276,50."),
            ("agent", "и стабстот номер карты не нужно. Я пришлю с мелковцами облатить и поней!"),
        ]
    )
    assert texts[0] == "Да, а предыплоту укрорты можно, давайте продиктую [CARD_NUMBER]."


def test_an_address_read_back_without_its_at_and_one_glued_to_its_service_are_masked() -> None:
    texts = redacted_texts(
        [
            ("agent", "Куда прислать чек, почта у вас какая?"),
            ("customer", "Пишите. Соболева.KK-27 собак имеет точка РУ."),
            ("agent", "соболево через точку ка ка 27, намейл Ру, правильно,"),
        ]
    )
    assert texts[1] == "Пишите. [EMAIL]."
    assert "соболево" not in texts[2]
    texts = redacted_texts([("customer", "Send a confirmation to r.okaforadoutlook.com and call me.")], "en")
    assert texts[0] == "Send a confirmation to [EMAIL] and call me."
    site = "See news.yandex.ru or hotmail.com for details."
    assert redacted_texts([("customer", site)], "en")[0] == site


def test_a_passport_said_again_without_its_name_soon_after_it_was_masked() -> None:
    # Whisper's lines from a synthesised sanatorium call and a ticket office call
    texts = redacted_texts(
        [
            ("agent", "Двухместный номер с лечением 64200 рублей, для договора нужны паспортные данные."),
            ("customer", "Паспорт серия 46-19 номер 273, вы с имесором пятнадцатый"),
            ("agent", "4619-273, высе имя срод 15,"),
            ("customer", "нет. Не так, я без зачков номер. Два, семь, восемь, восемь, один, пять."),
        ]
    )
    assert texts[3] == "нет. Не так, я без зачков номер. [PASSPORT]."
    texts = redacted_texts(
        [
            ("agent", "поправим, назовить и паспорт, как он в документы."),
            ("customer", "4, 0, 0, 8, 5, 5, 1, 7, 4, 2."),
            ("agent", "А в билете у вас 40-08, 515-142, цифра переставили, исправляю."),
        ]
    )
    assert texts[2] == "А в билете у вас [PASSPORT], цифра переставили, исправляю."


def test_a_count_of_digits_is_short_and_a_long_number_before_the_word_digits_is_a_number() -> None:
    assert redacted_texts([("agent", "Всё, шестнадцать цифр, спасибо.")])[0] == "Всё, шестнадцать цифр, спасибо."
    assert "515-142" not in redacted_texts([("agent", "А у вас 40-08, 515-142, цифры переставили.")])[0]


def test_a_pin_begun_after_its_misheard_name_and_a_cvv_the_agent_stops_are_masked() -> None:
    texts = redacted_texts(
        [
            ("customer", "Плату можно с маминой и карты списывать. Я знаю её бен, 1, 9."),
            ("agent", "Нет-нет, как никому не называете, карту мамы привяжет самас, приложений."),
        ]
    )
    assert texts[0] == "Плату можно с маминой и карты списывать. Я знаю её бен, [PIN]."
    texts = redacted_texts(
        [
            ("customer", "07-flash-29, and the code on the back is 4-1."),
            ("agent", "You can stop there. I don't need the security code over the phone."),
        ],
        "en",
    )
    assert texts[0].endswith("and the code on the back is [CVV].")


def test_an_address_read_back_with_its_at_said_and_its_service_garbled_is_masked() -> None:
    texts = redacted_texts(
        [
            ("agent", "Понимаю, акт пришлем на почту, почта прежняя?"),
            ("customer", "Нет новое шубе на собаку гмел.com."),
            ("agent", "Шубина собаку, гмилточка, ком записала. мастер позвонит третьего"),
        ]
    )
    assert "Шубина" not in texts[2] and texts[2].endswith("мастер позвонит третьего")


def test_the_last_four_of_a_number_just_given_are_that_number_unless_a_card_is_named() -> None:
    # Whisper's lines from synthesised bank calls: an ИНН read back by its end, a phone's end confirmed
    texts = redacted_texts(
        [
            ("agent", "Сделаем справки указывается и нолговая его требует. Назовите, пожалуйста,"),
            ("customer", "5. 0. 2. 0. 2. 8. 0. 5. 9. 8. 7. 6."),
            ("agent", "проверяю, заканчивается на 98-76."),
            ("customer", "А карта заканчивается на 5521, её тоже проверьте."),
        ]
    )
    assert texts[2] == "проверяю, заканчивается на [INN]."
    assert texts[3] == "А карта заканчивается на 5521, её тоже проверьте."
    texts = redacted_texts(
        [
            ("agent", "Can you confirm the phone number on file?"),
            ("customer", "415-628-3907."),
            ("agent", "Ending 3907, correct. I've released it."),
        ],
        "en",
    )
    assert texts[2] == "Ending [PHONE], correct. I've released it."


def test_a_cvv_with_its_digit_words_misheard_and_a_never_say_warning_is_masked() -> None:
    texts = redacted_texts(
        [
            ("agent", "Вижу его, назовите номер карты, на которую вы носили."),
            ("customer", "Три цифры сзади тоже, семь, ныль."),
            ("agent", "Стоп-код с обороты никогда не называете, он не нужен."),
        ]
    )
    assert "семь" not in texts[1] and "ныль" not in texts[1]


def test_an_address_with_its_domain_written_after_a_garbled_name_is_masked_whole() -> None:
    texts = redacted_texts(
        [
            ("agent", "Спасибо, куда прислать расчет и оставьте запасной телефон"),
            ("customer", "Почто саройки на собаками ил.ру. Телефон позже скажу."),
        ]
    )
    assert "саройки" not in texts[1] and "ил.ру" not in texts[1]
    assert texts[1].endswith("[EMAIL]. Телефон позже скажу.")


def test_a_day_written_with_whispers_v_before_its_month_is_no_phone() -> None:
    texts = redacted_texts(
        [
            ("customer", "Телефон. 7, 9, 7, 7, 5, 1, 2, 6, 0, 8, 3."),
            ("agent", "записывала, перезвоню к 15 в. декабря обсудим продлению."),
        ]
    )
    assert texts[1] == "записывала, перезвоню к 15 в. декабря обсудим продлению."


def test_a_phone_split_by_a_misheard_zero_after_the_question_named_a_number() -> None:
    texts = redacted_texts(
        [
            ("agent", "Понимаю вас на завете номер, посмотрю, что можно предложить."),
            ("customer", "а нет это старый. 950, 3 на 7, 88 на леден,"),
            ("agent", "950-307-88 на леден, могу дать тарев свой за 450 до конца следующего года."),
            ("customer", "450. Ну давайте, подключаете,"),
        ]
    )
    assert texts[1] == "а нет это старый. [PHONE] на леден,"
    # the tariff repeated after the agent's long turn is no end of the phone
    assert texts[2].endswith("могу дать тарев свой за 450 до конца следующего года.")
    assert texts[3] == "450. Ну давайте, подключаете,"


def test_a_socials_last_four_named_in_the_question_are_masked() -> None:
    texts = redacted_texts(
        [
            ("agent", "Thanks. To verify, I need the patient's date of birth in the last four or four social."),
            ("customer", "March 3rd, 1941, and the last four are 8-816."),
        ],
        "en",
    )
    assert texts[1] == "March 3rd, 1941, and the last four are [SSN]."


def test_the_corrected_end_of_a_phone_and_its_read_back_are_masked() -> None:
    texts = redacted_texts(
        [
            ("agent", "оставьте номер для связи."),
            ("customer", "Пишите, 8 916 204 77 39."),
            ("agent", "Записываю 8 916 204 77 39,"),
            ("customer", "Да и нет, в конце 93 я перепутала."),
            ("agent", "поправила 93, опочты для чека какая."),
        ]
    )
    assert texts[3] == "Да и нет, в конце [PHONE] я перепутала."
    assert texts[4] == "поправила [PHONE], опочты для чека какая."


def test_a_pin_glued_to_the_word_before_and_stopped_by_a_warning_is_masked() -> None:
    texts = redacted_texts(
        [
            (
                "customer",
                "Здравствуйте, бин-комутно-садовый съел мою карту, я в Велопин 5.9, ай, вам женили заговарить.",
            ),
            ("agent", "Да, никому не называйте, скажите, только последние четыре цифры карты."),
        ]
    )
    assert "5.9" not in texts[0] and "[PIN]" in texts[0]
