"""Demo content for Tiltas: the four programmes' partners, venues and a year of events.

Pure data, loaded by ``flask --app app demo``. Partners and venues use the organisations'
own-language names. Each event starts ``starts_in_days`` after the day the demo is seeded, at
``start_time`` local to its venue, spans ``days`` calendar days and ends at ``end_time`` local on
the last day. Texts are always in English plus the languages of the countries involved.

Seeded on 2026-11-22, the Easter family camp at Antazavė (26–29 March 2027) spans the change to
summer time on Sunday 28 March 2027.
"""

from __future__ import annotations

PARTNERS = [
    {"key": "alytus", "name": "Alytaus miesto bendruomenės centras", "country": "LT"},
    {"key": "elk", "name": "Gmina Miasto Ełk", "country": "PL"},
    {
        "key": "daugavpils",
        "name": "Daugavpils pilsētas pašvaldības iestāde “Sociālais dienests”",
        "country": "LV",
    },
    {"key": "zarasai", "name": "Zarasų rajono savivaldybės administracija", "country": "LT"},
    {"key": "antazave", "name": "Antazavės vaikų globos namai", "country": "LT"},
    {"key": "acord", "name": "ACoRD CZ, z.s.", "country": "CZ"},
    {"key": "ehs_dresden", "name": "Evangelische Hochschule Dresden", "country": "DE"},
    {
        "key": "kaunas_youth",
        "name": "VšĮ Kauno miesto poliklinika, Jaunimo centras",
        "country": "LT",
    },
]

VENUES = [
    {
        "key": "alytus_centre",
        "name": "Alytaus miesto bendruomenės centras",
        "address": "Jaunimo g. 3, 63348 Alytus",
        "country": "LT",
        "timezone": "Europe/Vilnius",
    },
    {
        "key": "dzukija_forest",
        "name": "Dzūkijos miško stovyklavietė prie Nemuno",
        "address": "Miško g. 12, Nemunaitis, Alytaus r.",
        "country": "LT",
        "timezone": "Europe/Vilnius",
    },
    {
        "key": "elk_centre",
        "name": "Urząd Miasta Ełku – sala konferencyjna",
        "address": "ul. Marsz. J. Piłsudskiego 4, 19-300 Ełk",
        "country": "PL",
        "timezone": "Europe/Warsaw",
    },
    {
        "key": "elk_lake",
        "name": "Obozowisko nad jeziorem Selmęt Wielki",
        "address": "Szeligi, 19-300 Ełk",
        "country": "PL",
        "timezone": "Europe/Warsaw",
    },
    {
        "key": "antazave",
        "name": "Antazavės socialinių stovyklų namai",
        "address": "Dvaro g. 1, Antazavė, Zarasų r.",
        "country": "LT",
        "timezone": "Europe/Vilnius",
    },
    {
        "key": "daugavpils_social",
        "name": "Daugavpils pilsētas Sociālais dienests",
        "address": "Vienības iela 8, Daugavpils, LV-5401",
        "country": "LV",
        "timezone": "Europe/Riga",
    },
    {
        "key": "acord_usti",
        "name": "ACoRD CZ, z.s.",
        "address": "Bozděchova 99/6, 400 01 Ústí nad Labem",
        "country": "CZ",
        "timezone": "Europe/Prague",
    },
    {
        "key": "ehs_dresden",
        "name": "Evangelische Hochschule Dresden",
        "address": "Dürerstraße 25, 01307 Dresden",
        "country": "DE",
        "timezone": "Europe/Berlin",
    },
    {
        "key": "kaunas_climbing",
        "name": "Laipiojimo centras Dainavoje",
        "address": "Kovo 11-osios g. 26, Kaunas",
        "country": "LT",
        "timezone": "Europe/Vilnius",
    },
    {
        "key": "kauno_marios",
        "name": "Kauno marių prieplauka prie Pažaislio (Petrašiūnai)",
        "address": "T. Masiulio g., Kaunas",
        "country": "LT",
        "timezone": "Europe/Vilnius",
    },
    {
        "key": "aleksotas_airfield",
        "name": "S. Dariaus ir S. Girėno aerodromas (Aleksotas)",
        "address": "Veiverių g. 132, Kaunas",
        "country": "LT",
        "timezone": "Europe/Vilnius",
    },
]

EVENTS = [
    # Sat 05 Dec 2026 when seeded on 2026-11-22
    {
        "kind": "activity",
        "partner": "kaunas_youth",
        "venue": "kaunas_climbing",
        "starts_in_days": 13,
        "start_time": "14:00",
        "days": 1,
        "end_time": "17:00",
        "capacity": 12,
        "min_age": 14,
        "max_age": 29,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "Climbing afternoon at the Dainava climbing centre",
                "summary": (
                    "Three hours on the walls of the only climbing centre in Kaunas, with "
                    "instructors and the Youth Centre's street youth workers."
                ),
                "description": (
                    "Never climbed before? Then this afternoon is exactly for you. Instructors "
                    "show you the basics – knots, belaying, how to fall safely – and how high you "
                    "go is up to you. Youth workers from the “Visi savi Kaune” team are with you "
                    "the whole time, so come on your own or bring your friends."
                ),
                "practical_info": (
                    "Wear comfortable sports clothes; climbing shoes and harnesses are provided. "
                    "Meet at the main entrance at 13:50 – tea and snacks are on us."
                ),
            },
            "lt": {
                "title": "Laipiojimo popietė Dainavoje",
                "summary": (
                    "Trys valandos ant vienintelio Kauno laipiojimo centro sienų – su "
                    "instruktoriais ir Jaunimo centro darbuotojais su jaunimu gatvėje."
                ),
                "description": (
                    "Niekada nelaipiojai? Tada ši popietė kaip tik tau. Instruktoriai parodys "
                    "pagrindus – mazgus, apsaugą, kaip saugiai nukristi, – o kiek aukštai užlipsi, "
                    "spręsi pats. Visą laiką šalia bus „Visi savi Kaune“ komanda, tad ateik su "
                    "draugais arba vienas – čia visi savi!"
                ),
                "practical_info": (
                    "Apsirenk patogiais sportiniais drabužiais, laipiojimo batelius ir saugos "
                    "diržus duosime. Susitinkame 13.50 prie pagrindinio įėjimo, arbata ir "
                    "užkandžiai – mūsų."
                ),
            },
        },
    },
    # Thu 10 Dec 2026 when seeded on 2026-11-22
    {
        "kind": "workshop",
        "partner": "acord",
        "venue": "acord_usti",
        "starts_in_days": 18,
        "start_time": "09:00",
        "days": 1,
        "end_time": "16:00",
        "capacity": 30,
        "min_age": 18,
        "max_age": None,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "Expert workshop: Working methods in socially excluded localities",
                "summary": (
                    "The first of four cross-border workshops: Czech and Saxon practitioners "
                    "compare the methods they use every day in excluded neighbourhoods."
                ),
                "description": (
                    "The Ústí nad Labem Region has 88 socially excluded localities and the highest "
                    "share of people facing debt enforcement in Czechia, while Saxony has many "
                    "disadvantaged neighbourhoods of its own. Practitioners from both sides of the "
                    "border present the methods they rely on – street-based social work, community "
                    "work, debt counselling – and discuss what works and why. We have invited the "
                    "social affairs department of the Regional Authority, People in Need and the "
                    "Volunteer Centre, together with colleagues from Dresden."
                ),
                "practical_info": (
                    "The workshop runs in Czech and German with simultaneous interpreting; lunch "
                    "and refreshments are provided. Doors open at 8:30 for registration."
                ),
            },
            "cs": {
                "title": "Odborný workshop: Metody práce v sociálně vyloučených lokalitách",
                "summary": (
                    "První ze čtyř přeshraničních workshopů: čeští a saští praktici porovnají "
                    "metody, se kterými denně pracují ve vyloučených lokalitách."
                ),
                "description": (
                    "Ústecký kraj má 88 sociálně vyloučených lokalit a nejvyšší podíl osob v "
                    "exekuci v Česku, v Sasku se s podobnými problémy potýká řada znevýhodněných "
                    "městských částí. Odborníci z obou stran hranice představí metody, o které se "
                    "ve své praxi opírají – terénní sociální práci, komunitní práci i dluhové "
                    "poradenství – a společně proberou, co funguje a proč. Pozvali jsme mj. "
                    "zástupce Odboru sociálních věcí Krajského úřadu Ústeckého kraje, Člověka v "
                    "tísni a Dobrovolnického centra i kolegy z Drážďan."
                ),
                "practical_info": (
                    "Workshop probíhá česky a německy se simultánním tlumočením, oběd a "
                    "občerstvení jsou zajištěny. Prezence od 8:30 v sídle ACoRD CZ."
                ),
            },
            "de": {
                "title": "Fachworkshop: Arbeitsmethoden in sozial ausgegrenzten Quartieren",
                "summary": (
                    "Der erste von vier grenzüberschreitenden Workshops: Fachkräfte aus Tschechien "
                    "und Sachsen vergleichen ihre Methoden in ausgegrenzten Wohngebieten."
                ),
                "description": (
                    "Die Region Ústí zählt 88 sozial ausgegrenzte Lokalitäten und hat den höchsten "
                    "Anteil an Menschen in der Zwangsvollstreckung in ganz Tschechien; auch in "
                    "Sachsen gibt es viele benachteiligte Quartiere. Fachleute beider Seiten "
                    "stellen ihre Arbeitsmethoden vor – aufsuchende Sozialarbeit, "
                    "Gemeinwesenarbeit, Schuldnerberatung – und diskutieren, was wirkt und warum. "
                    "Eingeladen sind u. a. die Sozialabteilung der Regionalverwaltung Ústí, Člověk "
                    "v tísni und das Freiwilligenzentrum sowie Kolleginnen und Kollegen aus "
                    "Dresden."
                ),
                "practical_info": (
                    "Der Workshop findet auf Tschechisch und Deutsch mit Simultandolmetschen "
                    "statt; Mittagessen und Getränke sind inklusive. Einlass und Anmeldung ab 8:30 "
                    "Uhr."
                ),
            },
        },
    },
    # Tue 19 Jan 2027 when seeded on 2026-11-22
    {
        "kind": "workshop",
        "partner": "alytus",
        "venue": "alytus_centre",
        "starts_in_days": 58,
        "start_time": "09:30",
        "days": 3,
        "end_time": "15:00",
        "capacity": 24,
        "min_age": 18,
        "max_age": None,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "Joint training for street workers, part 1 (Alytus)",
                "summary": (
                    "Three days of joint training for the Lithuanian–Polish street workers team: "
                    "outreach methods, safety and working with families."
                ),
                "description": (
                    "The street workers programme brings Alytus and Ełk together to reach kids and "
                    "young people who spend their days in backyards and on the streets. In this "
                    "first joint training, team members from both cities learn and practise "
                    "outreach methods, talk through situations involving alcohol, drugs and "
                    "violence, and plan how to support parents facing unemployment. Colleagues "
                    "from the police, the probation service and social support centres join one "
                    "session on working together."
                ),
                "practical_info": (
                    "Accommodation in Alytus and meals are covered for participants from Ełk; a "
                    "shared minibus leaves Ełk the evening before. All sessions are interpreted "
                    "between Lithuanian and Polish."
                ),
            },
            "lt": {
                "title": "Bendri gatvės darbuotojų mokymai, I dalis (Alytus)",
                "summary": (
                    "Trys bendrų mokymų dienos Lietuvos ir Lenkijos gatvės darbuotojų komandai: "
                    "darbo gatvėje metodai, saugumas ir darbas su šeimomis."
                ),
                "description": (
                    "Gatvės darbuotojų programa suvienija Alytų ir Elką, kad pasiektume vaikus ir "
                    "jaunuolius, kurių dienos prabėga kiemuose ir gatvėje. Per pirmuosius bendrus "
                    "mokymus abiejų miestų komandų nariai mokysis darbo gatvėje metodų ir juos "
                    "išbandys, aptars situacijas, susijusias su alkoholiu, narkotikais ir smurtu, "
                    "ir planuos, kaip padėti darbo netekusiems tėvams. Į vieną užsiėmimą "
                    "prisijungs policijos, probacijos tarnybos ir socialinės paramos centrų "
                    "kolegos – kalbėsime apie bendradarbiavimą."
                ),
                "practical_info": (
                    "Dalyviams iš Elko nakvynę Alytuje ir maitinimą apmokame mes; bendras "
                    "mikroautobusas iš Elko išvyksta išvakarėse. Visi užsiėmimai verčiami iš "
                    "lietuvių į lenkų kalbą ir atvirkščiai."
                ),
            },
            "pl": {
                "title": "Wspólne szkolenie streetworkerów, część 1 (Olita)",
                "summary": (
                    "Trzy dni wspólnego szkolenia dla polsko-litewskiego zespołu streetworkerów: "
                    "metody pracy ulicznej, bezpieczeństwo i praca z rodzinami."
                ),
                "description": (
                    "Program streetworkingu łączy Ełk i Olitę, by docierać do dzieci i młodzieży, "
                    "które spędzają dnie na podwórkach i na ulicy. Podczas pierwszego wspólnego "
                    "szkolenia członkowie zespołów z obu miast poznają i przećwiczą metody pracy "
                    "ulicznej, omówią sytuacje związane z alkoholem, narkotykami i przemocą oraz "
                    "zaplanują, jak wspierać rodziców zmagających się z bezrobociem. Do jednej z "
                    "sesji dołączą przedstawiciele policji, kuratorów sądowych i ośrodków pomocy "
                    "społecznej."
                ),
                "practical_info": (
                    "Uczestnikom z Ełku zapewniamy nocleg w Olicie i wyżywienie; wspólny bus "
                    "wyjeżdża z Ełku dzień wcześniej wieczorem. Wszystkie zajęcia są tłumaczone na "
                    "język polski i litewski."
                ),
            },
        },
    },
    # Wed 17 Feb 2027 when seeded on 2026-11-22
    {
        "kind": "workshop",
        "partner": "daugavpils",
        "venue": "daugavpils_social",
        "starts_in_days": 87,
        "start_time": "10:00",
        "days": 2,
        "end_time": "16:00",
        "capacity": 30,
        "min_age": 18,
        "max_age": None,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "Qualification training for social workers in Daugavpils",
                "summary": (
                    "Two days of training for Latvian and Lithuanian social workers on early, "
                    "integrated support for vulnerable groups."
                ),
                "description": (
                    "Social services in Latvia and Lithuania usually reach people who are already "
                    "in difficulty; the “Valued people” project asks what changes when we step in "
                    "earlier. Social workers from Daugavpils and Zarasai district look at "
                    "integrated support for older people living alone, families at risk and young "
                    "people leaving care, and at how municipal institutions and NGOs can "
                    "complement each other. The training is part of the qualification programme "
                    "for 90 social workers in the Zarasai–Daugavpils region."
                ),
                "practical_info": (
                    "Lunch and coffee breaks are provided; on both days a bus leaves the Zarasai "
                    "district administration at 8:15. Sessions are held in Latvian and Lithuanian "
                    "with interpreting."
                ),
            },
            "lt": {
                "title": "Socialinių darbuotojų kvalifikacijos kėlimo mokymai Daugpilyje",
                "summary": (
                    "Dvi mokymų dienos Latvijos ir Lietuvos socialiniams darbuotojams apie "
                    "ankstyvą, integruotą pagalbą pažeidžiamoms grupėms."
                ),
                "description": (
                    "Lietuvoje ir Latvijoje socialinės paslaugos dažniausiai teikiamos žmonėms, "
                    "kurie jau susidūrė su sunkumais, o projektas „Valued people“ ieško atsakymo, "
                    "kas pasikeičia, kai padedame laiku. Daugpilio ir Zarasų rajono socialiniai "
                    "darbuotojai gilinsis į integruotą pagalbą vienišiems senyvo amžiaus žmonėms, "
                    "rizikos šeimoms ir iš globos išeinantiems jaunuoliams, aptars, kaip "
                    "savivaldybių įstaigos ir nevyriausybinės organizacijos gali viena kitą "
                    "papildyti. Tai kvalifikacijos kėlimo programos dalis – joje dalyvauja 90 "
                    "Zarasų–Daugpilio regiono socialinių darbuotojų."
                ),
                "practical_info": (
                    "Pietūs ir kavos pertraukos – vietoje; abi dienas autobusas išvyksta 8.15 nuo "
                    "Zarasų rajono savivaldybės administracijos. Užsiėmimai vyksta latvių ir "
                    "lietuvių kalbomis, su vertimu."
                ),
            },
            "lv": {
                "title": "Sociālo darbinieku kvalifikācijas paaugstināšanas mācības Daugavpilī",
                "summary": (
                    "Divu dienu mācības Latvijas un Lietuvas sociālajiem darbiniekiem par "
                    "savlaicīgu, integrētu atbalstu neaizsargātām grupām."
                ),
                "description": (
                    "Latvijā un Lietuvā sociālie pakalpojumi parasti sasniedz cilvēkus, kuri jau "
                    "nonākuši grūtībās, – projekts “Valued people” meklē atbildi, kas mainās, ja "
                    "palīdzam laikus. Daugavpils un Zarasu rajona sociālie darbinieki padziļināti "
                    "apgūs integrētu atbalstu vientuļiem senioriem, riska ģimenēm un jauniešiem, "
                    "kuri atstāj ārpusģimenes aprūpi, kā arī pārrunās, kā pašvaldību iestādes un "
                    "nevalstiskās organizācijas var viena otru papildināt. Mācības ir daļa no "
                    "kvalifikācijas paaugstināšanas programmas 90 sociālajiem darbiniekiem "
                    "Zarasu–Daugavpils pārrobežu reģionā."
                ),
                "practical_info": (
                    "Pusdienas un kafijas pauzes nodrošinām; abās dienās autobuss no Zarasu rajona "
                    "pašvaldības administrācijas izbrauc plkst. 8.15. Mācības notiek latviešu un "
                    "lietuviešu valodā ar tulkojumu."
                ),
            },
        },
    },
    # Thu 11 Mar 2027 when seeded on 2026-11-22
    {
        "kind": "workshop",
        "partner": "ehs_dresden",
        "venue": "ehs_dresden",
        "starts_in_days": 109,
        "start_time": "09:30",
        "days": 1,
        "end_time": "16:30",
        "capacity": 35,
        "min_age": 18,
        "max_age": None,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "Expert workshop: Legal framework and funding of social inclusion work",
                "summary": (
                    "The second cross-border workshop, hosted in Dresden: how legislation and "
                    "funding shape the work against social exclusion in Saxony and Czechia."
                ),
                "description": (
                    "Much of what social workers can do is decided by laws and funding rules long "
                    "before they meet their first client. Practitioners from the Dresden social "
                    "welfare office and the Prohlis neighbourhood management explain how the "
                    "federal “Social Cohesion” programme works on the ground, and Czech colleagues "
                    "show how social services are commissioned and financed in the Ústí Region. "
                    "Students of the Evangelische Hochschule are warmly invited to join the "
                    "discussion."
                ),
                "practical_info": (
                    "Simultaneous interpreting between German and Czech and lunch in the "
                    "university canteen are provided. The campus is easy to reach by tram from "
                    "Dresden main station."
                ),
            },
            "de": {
                "title": (
                    "Fachworkshop: Rechtliche Rahmenbedingungen und Finanzierung sozialer Arbeit"
                ),
                "summary": (
                    "Der zweite grenzüberschreitende Workshop, diesmal in Dresden: Wie Gesetze und "
                    "Förderlogiken die Arbeit gegen soziale Ausgrenzung in Sachsen und Tschechien "
                    "prägen."
                ),
                "description": (
                    "Vieles, was Soziale Arbeit leisten kann, entscheiden Gesetze und "
                    "Förderrichtlinien, lange bevor der erste Kontakt mit Klientinnen und Klienten "
                    "zustande kommt. Fachleute aus dem Sozialamt Dresden und dem "
                    "Quartiersmanagement Prohlis berichten, wie das Bundesprogramm „Sozialer "
                    "Zusammenhalt“ vor Ort wirkt; tschechische Kolleginnen und Kollegen zeigen, "
                    "wie soziale Dienste in der Region Ústí beauftragt und finanziert werden. "
                    "Studierende der Evangelischen Hochschule sind herzlich eingeladen "
                    "mitzudiskutieren."
                ),
                "practical_info": (
                    "Simultandolmetschen Deutsch–Tschechisch und Mittagessen in der Mensa sind "
                    "inklusive. Die Hochschule ist vom Hauptbahnhof bequem mit der Straßenbahn "
                    "erreichbar."
                ),
            },
            "cs": {
                "title": "Odborný workshop: Legislativa a financování sociálního začleňování",
                "summary": (
                    "Druhý přeshraniční workshop, tentokrát v Drážďanech: jak zákony a způsob "
                    "financování ovlivňují práci proti sociálnímu vyloučení v Sasku a v Česku."
                ),
                "description": (
                    "Mnohé z toho, co sociální pracovník může udělat, rozhodnou zákony a pravidla "
                    "financování dávno předtím, než potká prvního klienta. Odborníci ze Sociálního "
                    "úřadu Drážďany a z managementu čtvrti Prohlis vysvětlí, jak v praxi funguje "
                    "spolkový program „Sociální soudržnost“, a čeští kolegové představí, jak se v "
                    "Ústeckém kraji zadávají a financují sociální služby. Do diskuse se mohou "
                    "zapojit i studující Evangelické vysoké školy v Drážďanech."
                ),
                "practical_info": (
                    "Zajištěno je simultánní tlumočení a oběd v menze. Společná doprava z Ústí nad "
                    "Labem odjíždí v 7:30 od sídla ACoRD CZ."
                ),
            },
        },
    },
    # Fri 26 Mar 2027 when seeded on 2026-11-22
    {
        "kind": "social_camp",
        "partner": "zarasai",
        "venue": "antazave",
        "starts_in_days": 124,
        "start_time": "15:00",
        "days": 4,
        "end_time": "12:00",
        "capacity": 30,
        "min_age": None,
        "max_age": None,
        "waitlist": "offer",
        "offer_hours": 48,
        "texts": {
            "en": {
                "title": "Easter family camp at Antazavė",
                "summary": (
                    "A long Easter weekend for families from Zarasai district and Daugavpils in "
                    "the renovated Antazavė house – the first of four pilot social camps."
                ),
                "description": (
                    "Part of the former Antazavė children's home has been renovated for social "
                    "camps and short stays of vulnerable groups, and this Easter the house opens "
                    "its doors to families. Parents and children decorate eggs, cook together and "
                    "walk the hills and lakesides around Antazavė, while social workers from both "
                    "sides of the border share practical advice on everyday challenges. "
                    "Single-parent families and families going through a hard time are especially "
                    "welcome."
                ),
                "practical_info": (
                    "Bring indoor shoes, warm clothes for walks and any medicines your family "
                    "needs; rooms, bedding and all meals are provided. Clocks go forward one hour "
                    "in the night to Sunday 28 March – breakfast is at 9:00 new time."
                ),
            },
            "lt": {
                "title": "Velykų stovykla šeimoms Antazavėje",
                "summary": (
                    "Ilgasis Velykų savaitgalis Zarasų rajono ir Daugpilio šeimoms atnaujintuose "
                    "Antazavės namuose – pirmoji iš keturių bandomųjų socialinių stovyklų."
                ),
                "description": (
                    "Dalis buvusių Antazavės vaikų globos namų atnaujinta socialinėms stovykloms "
                    "ir laikinam pažeidžiamų grupių apgyvendinimui, o šias Velykas namai atveria "
                    "duris šeimoms. Tėvai ir vaikai kartu margins kiaušinius, gamins valgį, "
                    "vaikščios po Antazavės kalvas ir paežeres, o abiejų šalių socialiniai "
                    "darbuotojai pasidalys praktiniais patarimais, kaip įveikti kasdienius "
                    "iššūkius. Ypač laukiame šeimų, kuriose vaikus augina vienas iš tėvų, ir tų, "
                    "kurioms dabar sunkiau."
                ),
                "practical_info": (
                    "Pasiimkite šlepetes, šiltus drabužius pasivaikščiojimams ir reikalingus "
                    "vaistus; kambariai, patalynė ir maitinimas – vietoje. Naktį į sekmadienį, "
                    "kovo 28-ąją, laikrodžiai persukami valanda pirmyn – pusryčiai 9 val. jau "
                    "nauju laiku."
                ),
            },
            "lv": {
                "title": "Lieldienu nometne ģimenēm Antazavā",
                "summary": (
                    "Garās Lieldienu brīvdienas Zarasu rajona un Daugavpils ģimenēm atjaunotajā "
                    "Antazavas namā – pirmā no četrām izmēģinājuma sociālajām nometnēm."
                ),
                "description": (
                    "Daļa no bijušās Antazavas bērnu mājas ir atjaunota sociālo nometņu rīkošanai "
                    "un neaizsargātu grupu pagaidu uzturēšanās vajadzībām, un šajās Lieldienās "
                    "nams ver durvis ģimenēm. Vecāki un bērni kopā krāsos olas, gatavos ēst un "
                    "dosies pastaigās pa Antazavas pakalniem un ezermalām, bet sociālie darbinieki "
                    "no abām robežas pusēm dalīsies praktiskos padomos ikdienas grūtību "
                    "pārvarēšanai. Īpaši gaidām ģimenes, kurās bērnus audzina viens no vecākiem, "
                    "un tās, kurām šobrīd klājas grūtāk."
                ),
                "practical_info": (
                    "Paņemiet līdzi maiņas apavus, siltu apģērbu pastaigām un nepieciešamās zāles; "
                    "istabas, gultasveļu un ēdināšanu nodrošinām. Naktī uz svētdienu, 28. martu, "
                    "pulksteņi tiek pagriezti stundu uz priekšu – brokastis plkst. 9.00 jau pēc "
                    "jaunā laika."
                ),
            },
        },
    },
    # Sat 17 Apr 2027 when seeded on 2026-11-22
    {
        "kind": "activity",
        "partner": "kaunas_youth",
        "venue": "aleksotas_airfield",
        "starts_in_days": 146,
        "start_time": "11:00",
        "days": 1,
        "end_time": "16:00",
        "capacity": 15,
        "min_age": 14,
        "max_age": 29,
        "waitlist": "offer",
        "offer_hours": 48,
        "texts": {
            "en": {
                "title": "Introduction to aviation at Aleksotas airfield",
                "summary": (
                    "A day at the historic Aleksotas airfield: how aircraft fly, the story of the "
                    "airfield and hands-on tries with real equipment."
                ),
                "description": (
                    "Aleksotas is home to one of the oldest airfields in Lithuania, and for one "
                    "Saturday it is yours to explore. Pilots and instructors explain how an "
                    "aircraft flies and what it takes to become a pilot or an aviation technician, "
                    "show you round the hangars and let you try navigation and radio exercises "
                    "yourself. Part of “Visi savi Kaune” – free for 14–29 year olds from "
                    "Aleksotas, Dainava and Petrašiūnai."
                ),
                "practical_info": (
                    "Dress for the weather – much of the day is outdoors by the hangars. Meet at "
                    "the airfield gate on Veiverių g. at 10:50; lunch is provided."
                ),
            },
            "lt": {
                "title": "Pažintis su aviacija Aleksoto aerodrome",
                "summary": (
                    "Diena istoriniame Aleksoto aerodrome: kaip skrenda orlaiviai, aerodromo "
                    "istorija ir praktiniai bandymai su tikra įranga."
                ),
                "description": (
                    "Aleksote veikia vienas seniausių Lietuvos aerodromų, o šį šeštadienį jis "
                    "atviras tau. Pilotai ir instruktoriai papasakos, kaip skrenda orlaivis ir ko "
                    "reikia norint tapti pilotu ar aviacijos technikos specialistu, aprodys "
                    "angarus, o navigacijos ir radijo ryšio užduotyse galėsi išbandyti savo jėgas. "
                    "Tai „Visi savi Kaune“ veikla – nemokama 14–29 metų jaunimui iš Aleksoto, "
                    "Dainavos ir Petrašiūnų."
                ),
                "practical_info": (
                    "Apsirenk pagal orą – daug veiklų vyks lauke prie angarų. Susitinkame 10.50 "
                    "prie aerodromo vartų Veiverių gatvėje, pietūs – vietoje."
                ),
            },
        },
    },
    # Fri 30 Apr 2027 when seeded on 2026-11-22
    {
        "kind": "survival_camp",
        "partner": "elk",
        "venue": "elk_lake",
        "starts_in_days": 159,
        "start_time": "10:00",
        "days": 4,
        "end_time": "14:00",
        "capacity": 24,
        "min_age": 12,
        "max_age": 16,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "May survival camp on Lake Selmęt Wielki",
                "summary": (
                    "Four days by the lake near Ełk – shelters, fire, water and teamwork for young "
                    "people aged 12–16 from Ełk and Alytus."
                ),
                "description": (
                    "The first survival camp of the season is for kids who spend a lot of time in "
                    "backyards and on the streets and could use a break and a real challenge. "
                    "Together with street workers from Ełk and Alytus they build shelters, learn "
                    "to light a fire safely, find and purify water and cook over the campfire. "
                    "Polish and Lithuanian teenagers share tents and tasks, so new friendships "
                    "start on the very first evening."
                ),
                "practical_info": (
                    "Bring a warm sleeping bag, rubber boots and clothes that can get dirty; all "
                    "meals and equipment are provided. Buses leave Ełk town hall (ul. Piłsudskiego "
                    "4) at 9:30 and the Alytus community centre (Jaunimo g. 3) at 7:30 Lithuanian "
                    "time."
                ),
            },
            "pl": {
                "title": "Majowy obóz survivalowy nad Selmętem Wielkim",
                "summary": (
                    "Cztery dni nad jeziorem pod Ełkiem – szałasy, ogień, woda i praca zespołowa "
                    "dla młodzieży w wieku 12–16 lat z Ełku i Olity."
                ),
                "description": (
                    "Pierwszy w sezonie obóz survivalowy jest dla dzieciaków, które dużo czasu "
                    "spędzają na podwórkach i na ulicy, a przydałaby im się odmiana i prawdziwe "
                    "wyzwanie. Razem ze streetworkerami z Ełku i Olity zbudują szałasy, nauczą się "
                    "bezpiecznie rozpalać ogień, szukać i uzdatniać wodę oraz gotować na ognisku. "
                    "Polska i litewska młodzież dzieli namioty i zadania, więc nowe przyjaźnie "
                    "zaczynają się już pierwszego wieczoru."
                ),
                "practical_info": (
                    "Zabierz ciepły śpiwór, kalosze i ubrania, które mogą się pobrudzić – "
                    "wyżywienie i cały sprzęt zapewniamy. Autokar odjeżdża spod Urzędu Miasta przy "
                    "ul. Piłsudskiego 4 o 9:30."
                ),
            },
            "lt": {
                "title": "Gegužės išgyvenimo stovykla prie ežero netoli Elko",
                "summary": (
                    "Keturios dienos prie ežero netoli Elko – slėptuvės, laužas, vanduo ir "
                    "komandinis darbas 12–16 metų jaunimui iš Elko ir Alytaus."
                ),
                "description": (
                    "Pirmoji sezono išgyvenimo stovykla skirta vaikams, kurie daug laiko "
                    "praleidžia kiemuose ir gatvėje ir kuriems labai pravers atokvėpis bei tikras "
                    "iššūkis. Kartu su Elko ir Alytaus gatvės darbuotojais jie statys slėptuves, "
                    "mokysis saugiai kurti laužą, rasti ir išvalyti vandenį, gaminti maistą ant "
                    "ugnies. Lenkų ir lietuvių paaugliai gyvena tose pačiose palapinėse ir "
                    "dalijasi užduotimis, tad naujos draugystės užsimezga jau pirmąjį vakarą."
                ),
                "practical_info": (
                    "Pasiimk šiltą miegmaišį, guminius batus ir drabužius, kurių negaila "
                    "išsitepti; maitinimas ir visa įranga – mūsų. Autobusas išvyksta 7.30 nuo "
                    "Alytaus miesto bendruomenės centro, Jaunimo g. 3."
                ),
            },
        },
    },
    # Thu 13 May 2027 when seeded on 2026-11-22
    {
        "kind": "workshop",
        "partner": "acord",
        "venue": "acord_usti",
        "starts_in_days": 172,
        "start_time": "09:00",
        "days": 1,
        "end_time": "15:30",
        "capacity": 30,
        "min_age": 18,
        "max_age": None,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "Expert workshop: Debt, housing and good practice from the Ústí Region",
                "summary": (
                    "The third cross-border workshop: Czech and Saxon practitioners share good "
                    "practice on debt, enforcement and housing in excluded localities."
                ),
                "description": (
                    "With 16.71% of its residents facing debt enforcement, the Ústí Region has "
                    "more people caught in the “exekuce” trap than any other Czech region. "
                    "Practitioners from the Parish Charity in Litoměřice and the town of Dubí show "
                    "how they combine debt counselling, housing support and work with landlords, "
                    "and Saxon colleagues respond with examples from Dresden neighbourhoods. In "
                    "the afternoon we look at which approaches could be transferred across the "
                    "border."
                ),
                "practical_info": (
                    "Interpreting between Czech and German and lunch are provided. Please bring "
                    "examples or materials from your own practice for the afternoon session."
                ),
            },
            "cs": {
                "title": "Odborný workshop: Dluhy, bydlení a dobrá praxe z Ústeckého kraje",
                "summary": (
                    "Třetí přeshraniční workshop: čeští a saští praktici sdílejí dobrou praxi v "
                    "oblasti dluhů, exekucí a bydlení ve vyloučených lokalitách."
                ),
                "description": (
                    "V Ústeckém kraji je v exekuci 16,71 % obyvatel – nejvíce ze všech krajů v "
                    "Česku. Zástupci Farní charity Litoměřice a města Dubí představí, jak "
                    "propojují dluhové poradenství, podporu v bydlení a spolupráci s "
                    "pronajímateli, a saští kolegové přidají zkušenosti z drážďanských čtvrtí. "
                    "Odpoledne se zaměříme na to, které postupy lze přenést přes hranici."
                ),
                "practical_info": (
                    "Tlumočení mezi češtinou a němčinou i oběd jsou zajištěny. Na odpolední blok "
                    "si prosím přineste příklady nebo materiály z vlastní praxe."
                ),
            },
            "de": {
                "title": "Fachworkshop: Schulden, Wohnen und gute Praxis aus der Region Ústí",
                "summary": (
                    "Der dritte grenzüberschreitende Workshop: Fachkräfte aus Tschechien und "
                    "Sachsen teilen gute Praxis zu Schulden, Zwangsvollstreckung und Wohnen."
                ),
                "description": (
                    "In der Region Ústí sind 16,71 % der Bevölkerung von Zwangsvollstreckungen "
                    "betroffen – mehr als in jeder anderen tschechischen Region. Fachleute der "
                    "Pfarrcaritas Litoměřice und der Stadt Dubí zeigen, wie sie Schuldnerberatung, "
                    "Wohnhilfen und die Zusammenarbeit mit Vermietern verbinden; sächsische "
                    "Kolleginnen und Kollegen ergänzen Beispiele aus Dresdner Stadtteilen. Am "
                    "Nachmittag geht es darum, welche Ansätze sich über die Grenze übertragen "
                    "lassen."
                ),
                "practical_info": (
                    "Dolmetschen Tschechisch–Deutsch und Mittagessen sind inklusive. Bitte bringen "
                    "Sie für den Nachmittag Beispiele oder Materialien aus Ihrer eigenen Praxis "
                    "mit."
                ),
            },
        },
    },
    # Sat 22 May 2027 when seeded on 2026-11-22
    {
        "kind": "activity",
        "partner": "kaunas_youth",
        "venue": "kaunas_climbing",
        "starts_in_days": 181,
        "start_time": "15:00",
        "days": 1,
        "end_time": "18:00",
        "capacity": 20,
        "min_age": 14,
        "max_age": 29,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "Slackline in the park next to the climbing centre",
                "summary": (
                    "An afternoon of balancing on a slackline in Dainava – no experience needed, "
                    "just curiosity and a little patience."
                ),
                "description": (
                    "Slacklining looks easy until you step onto the line. Our youth workers set up "
                    "lines of different heights and lengths in the park next to the climbing "
                    "centre, show you how to find your balance and cheer you on through the first "
                    "wobbly steps. Come with friends, try some tricks, or just hang out, listen to "
                    "music and chat with the “Visi savi Kaune” team."
                ),
                "practical_info": (
                    "Wear soft shoes or go barefoot; water and snacks are provided. If it rains, "
                    "we move inside the climbing centre."
                ),
            },
            "lt": {
                "title": "Balansinė juosta parke prie laipiojimo centro",
                "summary": (
                    "Popietė ant balansinės juostos Dainavoje – patirties nereikia, užtenka "
                    "smalsumo ir truputėlio kantrybės."
                ),
                "description": (
                    "Vaikščioti balansine juosta atrodo paprasta, kol ant jos neužlipi. Jaunimo "
                    "darbuotojai parke prie laipiojimo centro ištemps skirtingo aukščio ir ilgio "
                    "juostas, parodys, kaip rasti pusiausvyrą, ir palaikys tave per pirmuosius "
                    "svyruojančius žingsnius. Ateik su draugais, išbandyk triukus arba tiesiog "
                    "pabūk, paklausyk muzikos ir pasikalbėk su „Visi savi Kaune“ komanda."
                ),
                "practical_info": (
                    "Avėk minkštus batelius (galima ir basomis); vanduo ir užkandžiai – mūsų. Jei "
                    "lis, persikelsime į laipiojimo centrą."
                ),
            },
        },
    },
    # Sat 12 Jun 2027 when seeded on 2026-11-22
    {
        "kind": "activity",
        "partner": "kaunas_youth",
        "venue": "kauno_marios",
        "starts_in_days": 202,
        "start_time": "10:00",
        "days": 1,
        "end_time": "15:00",
        "capacity": 8,
        "min_age": 14,
        "max_age": 29,
        "waitlist": "offer",
        "offer_hours": 48,
        "texts": {
            "en": {
                "title": "Motorboat lessons on the Kaunas Lagoon",
                "summary": (
                    "Individual motorboat lessons with a licensed instructor on Kauno marios – "
                    "only eight places, so sign up early."
                ),
                "description": (
                    "Ever wanted to take the wheel of a boat? On the Kaunas Lagoon in Petrašiūnai, "
                    "a licensed instructor shows you one-to-one how to start the engine, steer, "
                    "moor and stay safe on the water – and then you take the helm yourself. While "
                    "some are out on the water, the rest of the group hangs out on the shore with "
                    "the “Visi savi Kaune” youth workers."
                ),
                "practical_info": (
                    "Life jackets are provided; bring a windproof jacket, sunscreen and a change "
                    "of clothes. Meet at the marina by Pažaislis Monastery at 9:50."
                ),
            },
            "lt": {
                "title": "Motorlaivių pamokos Kauno mariose",
                "summary": (
                    "Individualios motorlaivio pamokos su licencijuotu instruktoriumi Kauno "
                    "mariose – tik aštuonios vietos, tad registruokis anksčiau."
                ),
                "description": (
                    "Visada norėjai pavairuoti laivą? Kauno mariose, Petrašiūnuose, licencijuotas "
                    "instruktorius individualiai parodys, kaip užvesti variklį, valdyti laivą, "
                    "prisišvartuoti ir saugiai elgtis vandenyje, o tada prie vairo stosi tu. Kol "
                    "vieni plaukioja, kiti leidžia laiką krante su „Visi savi Kaune“ jaunimo "
                    "darbuotojais."
                ),
                "practical_info": (
                    "Gelbėjimosi liemenes duosime; pasiimk vėjui nepralaidžią striukę, apsaugą nuo "
                    "saulės ir atsarginių drabužių. Susitinkame 9.50 prieplaukoje prie Pažaislio "
                    "vienuolyno."
                ),
            },
        },
    },
    # Mon 14 Jun 2027 when seeded on 2026-11-22
    {
        "kind": "social_camp",
        "partner": "antazave",
        "venue": "antazave",
        "starts_in_days": 204,
        "start_time": "12:00",
        "days": 5,
        "end_time": "14:00",
        "capacity": 30,
        "min_age": 16,
        "max_age": 24,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "“First steps” camp for young people leaving care",
                "summary": (
                    "Five days at Antazavė for young people aged 16–24 who have grown up in care "
                    "or will soon be living on their own."
                ),
                "description": (
                    "Antazavė knows this story well: for many years the house was a children's "
                    "home, and now part of it has been renovated for social camps. This camp helps "
                    "young people from Zarasai district and Daugavpils get ready for independent "
                    "life – managing money, cooking on a budget, dealing with offices and "
                    "landlords, finding a job – together with social workers and young adults who "
                    "have already taken that step. Evenings are for sport, the lake and campfire "
                    "conversations."
                ),
                "practical_info": (
                    "Bring your ID, comfortable clothes and swimwear; accommodation and all meals "
                    "are provided. Transport from Zarasai and Daugavpils is arranged – ask your "
                    "social worker."
                ),
            },
            "lt": {
                "title": "Stovykla „Pirmieji žingsniai“ iš globos išeinantiems jaunuoliams",
                "summary": (
                    "Penkios dienos Antazavėje 16–24 metų jaunuoliams, kurie augo globoje arba "
                    "netrukus pradės gyventi savarankiškai."
                ),
                "description": (
                    "Antazavė šią istoriją gerai pažįsta: daugelį metų čia veikė vaikų globos "
                    "namai, o dabar dalis pastato atnaujinta socialinėms stovykloms. Stovykla "
                    "padės Zarasų rajono ir Daugpilio jaunuoliams pasiruošti savarankiškam "
                    "gyvenimui – tvarkyti pinigus, gaminti valgį nedideliu biudžetu, bendrauti su "
                    "įstaigomis ir nuomotojais, ieškoti darbo – kartu su socialiniais darbuotojais "
                    "ir jaunais žmonėmis, kurie šį žingsnį jau žengė. Vakarai – sportui, ežerui ir "
                    "pokalbiams prie laužo."
                ),
                "practical_info": (
                    "Pasiimk asmens dokumentą, patogius drabužius ir maudymosi reikmenis; nakvynė "
                    "ir maitinimas – vietoje. Atvykti iš Zarasų ir Daugpilio padėsime – "
                    "pasiteirauk savo socialinio darbuotojo."
                ),
            },
            "lv": {
                "title": "Nometne “Pirmie soļi” jauniešiem, kuri atstāj ārpusģimenes aprūpi",
                "summary": (
                    "Piecas dienas Antazavā jauniešiem no 16 līdz 24 gadiem, kuri uzauguši "
                    "ārpusģimenes aprūpē vai drīz sāks dzīvot patstāvīgi."
                ),
                "description": (
                    "Antazava šo stāstu zina labi: daudzus gadus šeit darbojās bērnu nams, bet "
                    "tagad daļa ēkas ir atjaunota sociālajām nometnēm. Nometnē jaunieši no Zarasu "
                    "rajona un Daugavpils gatavosies patstāvīgai dzīvei – mācīsies rīkoties ar "
                    "naudu, gatavot ēst ar nelielu budžetu, kārtot lietas iestādēs un ar "
                    "izīrētājiem, meklēt darbu – kopā ar sociālajiem darbiniekiem un jauniešiem, "
                    "kuri šo soli jau spēruši. Vakari paredzēti sportam, ezeram un sarunām pie "
                    "ugunskura."
                ),
                "practical_info": (
                    "Paņem līdzi personu apliecinošu dokumentu, ērtas drēbes un peldkostīmu; "
                    "naktsmītni un ēdināšanu nodrošinām. Transportu no Zarasiem un Daugavpils "
                    "organizējam – jautā savam sociālajam darbiniekam."
                ),
            },
        },
    },
    # Mon 21 Jun 2027 when seeded on 2026-11-22
    {
        "kind": "survival_camp",
        "partner": "alytus",
        "venue": "dzukija_forest",
        "starts_in_days": 211,
        "start_time": "10:00",
        "days": 5,
        "end_time": "15:00",
        "capacity": 30,
        "min_age": 12,
        "max_age": 17,
        "waitlist": "offer",
        "offer_hours": 48,
        "texts": {
            "en": {
                "title": "Summer survival camp in the Dzūkija forest",
                "summary": (
                    "Five days in the pine forests by the Nemunas for 12–17 year olds from Alytus "
                    "and Ełk: orienteering, shelters, first aid and campfire cooking."
                ),
                "description": (
                    "Dzūkija's pine forests are the perfect place to find out what you can do when "
                    "your phone has no signal. With experienced instructors and street workers "
                    "from Alytus and Ełk, participants learn to navigate with map and compass, "
                    "give first aid, build a shelter and cook on an open fire, and the camp ends "
                    "with a two-day team challenge. It is part of the Lithuanian–Polish street "
                    "workers programme and free for families."
                ),
                "practical_info": (
                    "Bring a sleeping bag, a sleeping mat, a rain jacket and sturdy shoes; tents, "
                    "meals and equipment are provided. Meeting point: Alytus community centre, "
                    "Jaunimo g. 3, at 9:00."
                ),
            },
            "lt": {
                "title": "Vasaros išgyvenimo stovykla Dzūkijos miškuose",
                "summary": (
                    "Penkios dienos pušynuose prie Nemuno 12–17 metų jaunimui iš Alytaus ir Elko: "
                    "orientavimasis, slėptuvės, pirmoji pagalba ir maistas ant laužo."
                ),
                "description": (
                    "Dzūkijos šilai – puiki vieta išsiaiškinti, ką gali, kai telefonas nerodo "
                    "ryšio. Su patyrusiais instruktoriais ir Alytaus bei Elko gatvės darbuotojais "
                    "dalyviai mokysis orientuotis su žemėlapiu ir kompasu, suteikti pirmąją "
                    "pagalbą, statyti slėptuvę ir gaminti maistą ant laužo, o stovyklą užbaigs "
                    "dviejų dienų komandinis iššūkis. Stovykla – Lietuvos ir Lenkijos gatvės "
                    "darbuotojų programos dalis, šeimoms ji nemokama."
                ),
                "practical_info": (
                    "Pasiimk miegmaišį, kilimėlį, neperšlampamą striukę ir tvirtus batus; "
                    "palapines, maitinimą ir įrangą parūpinsime. Susitinkame 9 val. prie Alytaus "
                    "miesto bendruomenės centro, Jaunimo g. 3."
                ),
            },
            "pl": {
                "title": "Letni obóz survivalowy w lasach Dzukii",
                "summary": (
                    "Pięć dni w sosnowych lasach nad Niemnem dla młodzieży w wieku 12–17 lat z "
                    "Olity i Ełku: orientacja w terenie, szałasy, pierwsza pomoc i gotowanie na "
                    "ognisku."
                ),
                "description": (
                    "Sosnowe lasy Dzukii to idealne miejsce, by sprawdzić, na co cię stać, kiedy "
                    "telefon nie ma zasięgu. Pod okiem doświadczonych instruktorów i "
                    "streetworkerów z Olity i Ełku uczestnicy nauczą się posługiwać mapą i "
                    "kompasem, udzielać pierwszej pomocy, budować szałas i gotować na otwartym "
                    "ogniu, a na koniec zmierzą się z dwudniowym wyzwaniem drużynowym. Obóz jest "
                    "częścią polsko-litewskiego programu streetworkingu i jest bezpłatny dla "
                    "rodzin."
                ),
                "practical_info": (
                    "Zabierz śpiwór, karimatę, kurtkę przeciwdeszczową i mocne buty; namioty, "
                    "wyżywienie i sprzęt zapewniamy. Bus z Ełku odjeżdża o 7:00 spod Urzędu Miasta "
                    "przy ul. Piłsudskiego 4."
                ),
            },
        },
    },
    # Mon 05 Jul 2027 when seeded on 2026-11-22
    {
        "kind": "survival_camp",
        "partner": "elk",
        "venue": "elk_lake",
        "starts_in_days": 225,
        "start_time": "10:00",
        "days": 5,
        "end_time": "14:00",
        "capacity": 30,
        "min_age": 10,
        "max_age": 13,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "Junior survival camp by the lake near Ełk",
                "summary": (
                    "Five days of outdoor adventure for 10–13 year olds from Ełk and Alytus: "
                    "knots, tracks, canoes and nights in tents."
                ),
                "description": (
                    "Our youngest survival camp is all about discovering nature and making friends "
                    "across the border. Kids from Ełk and Alytus learn knots and tracking, build a "
                    "raft, paddle canoes on Lake Selmęt Wielki with lifeguards on hand and take "
                    "turns on camp duties. Street workers who know the children from their own "
                    "neighbourhoods stay with the group day and night."
                ),
                "practical_info": (
                    "Pack a sleeping bag, swimwear, a sun hat and a water bottle; tents, meals and "
                    "life jackets are provided. Parents are welcome at the farewell picnic on the "
                    "last day at 12:00."
                ),
            },
            "pl": {
                "title": "Obóz survivalowy dla młodszych nad jeziorem pod Ełkiem",
                "summary": (
                    "Pięć dni przygody na świeżym powietrzu dla dzieci w wieku 10–13 lat z Ełku i "
                    "Olity: węzły, tropy, kajaki i noce pod namiotem."
                ),
                "description": (
                    "Nasz najmłodszy obóz survivalowy to odkrywanie przyrody i zawieranie "
                    "przyjaźni ponad granicą. Dzieci z Ełku i Olity nauczą się wiązać węzły i "
                    "czytać tropy, zbudują tratwę, popłyną kajakami po Selmęcie Wielkim pod okiem "
                    "ratowników i będą na zmianę pełnić dyżury w obozie. Streetworkerzy, którzy "
                    "znają dzieci z ich osiedli, są z grupą przez całą dobę."
                ),
                "practical_info": (
                    "Spakuj śpiwór, strój kąpielowy, czapkę i bidon; namioty, wyżywienie i "
                    "kamizelki ratunkowe zapewniamy. Rodziców zapraszamy na pożegnalny piknik "
                    "ostatniego dnia o 12:00."
                ),
            },
            "lt": {
                "title": "Išgyvenimo stovykla jaunesniems prie ežero netoli Elko",
                "summary": (
                    "Penkios nuotykių gamtoje dienos 10–13 metų vaikams iš Elko ir Alytaus: "
                    "mazgai, pėdsakai, baidarės ir naktys palapinėse."
                ),
                "description": (
                    "Jauniausiųjų išgyvenimo stovykla – tai gamtos atradimai ir draugystės per "
                    "sieną. Vaikai iš Elko ir Alytaus mokysis rišti mazgus ir skaityti pėdsakus, "
                    "statys plaustą, prižiūrimi gelbėtojų plauks baidarėmis ežere ir paeiliui "
                    "budės stovykloje. Gatvės darbuotojai, kurie vaikus pažįsta iš jų kiemų, su "
                    "grupe bus visą parą."
                ),
                "practical_info": (
                    "Įdėkite miegmaišį, maudymosi kostiumėlį, kepurę ir gertuvę; palapines, "
                    "maitinimą ir gelbėjimosi liemenes parūpinsime. Tėvus kviečiame į "
                    "atsisveikinimo pikniką paskutinę dieną 13 val. Lietuvos laiku."
                ),
            },
        },
    },
    # Mon 26 Jul 2027 when seeded on 2026-11-22
    {
        "kind": "survival_camp",
        "partner": "alytus",
        "venue": "dzukija_forest",
        "starts_in_days": 246,
        "start_time": "10:00",
        "days": 6,
        "end_time": "13:00",
        "capacity": 24,
        "min_age": 14,
        "max_age": 17,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "Expedition survival camp: six days on the Nemunas",
                "summary": (
                    "The toughest camp of the year for 14–17 year olds: a six-day expedition "
                    "through the Dzūkija forests and along the Nemunas."
                ),
                "description": (
                    "For teenagers who have already been to a camp – or who feel ready for a real "
                    "challenge. The group plans its own route, navigates through the forest, "
                    "paddles a stretch of the Nemunas by canoe and spends one night in shelters it "
                    "has built itself, with instructors and street workers from Alytus and Ełk "
                    "always close by. Along the way there is plenty of time to talk about what "
                    "comes next: school, work and a life without alcohol and drugs."
                ),
                "practical_info": (
                    "Bring a backpack of at least 40 litres, a sleeping bag, a mat and two pairs "
                    "of shoes; the full kit list is sent after registration. Meals, canoes and "
                    "safety equipment are provided."
                ),
            },
            "lt": {
                "title": "Ekspedicinė išgyvenimo stovykla: šešios dienos prie Nemuno",
                "summary": (
                    "Sunkiausia metų stovykla 14–17 metų paaugliams: šešių dienų ekspedicija "
                    "Dzūkijos miškais ir Nemunu."
                ),
                "description": (
                    "Paaugliams, kurie jau buvo stovykloje arba jaučiasi pasiruošę tikram "
                    "iššūkiui. Grupė pati planuos maršrutą, orientuosis miške, baidarėmis įveiks "
                    "dalį Nemuno ir vieną naktį praleis pačių pasistatytose slėptuvėse – visada "
                    "šalia bus instruktoriai ir Alytaus bei Elko gatvės darbuotojai. Kelyje liks "
                    "daug laiko pasikalbėti apie tai, kas toliau: mokyklą, darbą ir gyvenimą be "
                    "alkoholio ir narkotikų."
                ),
                "practical_info": (
                    "Pasiimk bent 40 litrų kuprinę, miegmaišį, kilimėlį ir dvi poras batų; išsamų "
                    "daiktų sąrašą atsiųsime po registracijos. Maitinimą, baidares ir saugos "
                    "įrangą parūpinsime."
                ),
            },
            "pl": {
                "title": "Wyprawowy obóz survivalowy: sześć dni nad Niemnem",
                "summary": (
                    "Najtrudniejszy obóz roku dla młodzieży w wieku 14–17 lat: sześciodniowa "
                    "wyprawa przez lasy Dzukii i wzdłuż Niemna."
                ),
                "description": (
                    "Dla nastolatków, którzy byli już na obozie – albo czują, że są gotowi na "
                    "prawdziwe wyzwanie. Grupa sama zaplanuje trasę, będzie nawigować w lesie, "
                    "przepłynie kajakami odcinek Niemna i spędzi jedną noc w szałasach zbudowanych "
                    "własnoręcznie, a instruktorzy i streetworkerzy z Olity i Ełku będą zawsze w "
                    "pobliżu. Po drodze nie zabraknie czasu na rozmowy o tym, co dalej: o szkole, "
                    "pracy i życiu bez alkoholu i narkotyków."
                ),
                "practical_info": (
                    "Zabierz plecak o pojemności co najmniej 40 litrów, śpiwór, karimatę i dwie "
                    "pary butów; pełną listę rzeczy wyślemy po zapisaniu. Wyżywienie, kajaki i "
                    "sprzęt bezpieczeństwa zapewniamy."
                ),
            },
        },
    },
    # Sat 07 Aug 2027 when seeded on 2026-11-22
    {
        "kind": "activity",
        "partner": "kaunas_youth",
        "venue": "kauno_marios",
        "starts_in_days": 258,
        "start_time": "10:00",
        "days": 1,
        "end_time": "15:00",
        "capacity": 8,
        "min_age": 14,
        "max_age": 29,
        "waitlist": "offer",
        "offer_hours": 48,
        "texts": {
            "en": {
                "title": "Motorboat lessons on the Kaunas Lagoon – August session",
                "summary": (
                    "Another chance to take the helm: individual motorboat lessons on Kauno marios "
                    "for 14–29 year olds, eight places."
                ),
                "description": (
                    "Places in the June session are limited, so we are back on the water in "
                    "August. Each participant gets one-to-one time with a licensed instructor – "
                    "engine, steering, mooring, safety rules – and those who already sailed in "
                    "June can practise manoeuvres and a longer trip towards the Kaunas Lagoon "
                    "Regional Park. On the shore the youth workers run games and chats, so nobody "
                    "waits around bored."
                ),
                "practical_info": (
                    "Life jackets are provided; bring sunscreen, a cap and a change of clothes. "
                    "Meet at the marina by Pažaislis Monastery at 9:50."
                ),
            },
            "lt": {
                "title": "Motorlaivių pamokos Kauno mariose – rugpjūčio užsiėmimas",
                "summary": (
                    "Dar viena galimybė stoti prie vairo: individualios motorlaivio pamokos Kauno "
                    "mariose 14–29 metų jaunimui, aštuonios vietos."
                ),
                "description": (
                    "Birželio pamokose vietų nedaug, tad rugpjūtį vėl grįžtame į vandenį. "
                    "Kiekvienas dalyvis individualiai mokysis su licencijuotu instruktoriumi – "
                    "variklis, vairavimas, švartavimasis, saugos taisyklės, – o birželį jau "
                    "plaukioję galės lavinti manevrus ir nuplaukti toliau, Kauno marių regioninio "
                    "parko link. Krante jaunimo darbuotojai organizuos žaidimus ir pokalbius, tad "
                    "laukti nebus nuobodu."
                ),
                "practical_info": (
                    "Gelbėjimosi liemenes duosime; pasiimk apsaugą nuo saulės, kepurę ir "
                    "atsarginių drabužių. Susitinkame 9.50 prieplaukoje prie Pažaislio vienuolyno."
                ),
            },
        },
    },
    # Mon 16 Aug 2027 when seeded on 2026-11-22
    {
        "kind": "survival_camp",
        "partner": "elk",
        "venue": "elk_lake",
        "starts_in_days": 267,
        "start_time": "10:00",
        "days": 5,
        "end_time": "14:00",
        "capacity": 36,
        "min_age": 13,
        "max_age": 17,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "End-of-summer survival camp on Lake Selmęt Wielki",
                "summary": (
                    "Five days by the lake near Ełk for 13–17 year olds from Ełk and Alytus: water "
                    "rescue, night orienteering and a final team challenge."
                ),
                "description": (
                    "The last survival camp of the summer brings young people from both cities "
                    "together just before the new school year. The programme includes water rescue "
                    "basics with lifeguards, night orienteering, a day of sailing and canoeing and "
                    "a final challenge in mixed Polish–Lithuanian teams. In the evenings, street "
                    "workers lead campfire talks about what really matters – friends, family and "
                    "plans for the future."
                ),
                "practical_info": (
                    "Bring a sleeping bag, swimwear, a head torch and warm clothes for the "
                    "evenings; all meals and equipment are provided. Buses leave Ełk town hall at "
                    "9:30 and the Alytus community centre at 7:30 Lithuanian time."
                ),
            },
            "pl": {
                "title": "Obóz survivalowy na koniec lata nad Selmętem Wielkim",
                "summary": (
                    "Pięć dni nad jeziorem pod Ełkiem dla młodzieży w wieku 13–17 lat z Ełku i "
                    "Olity: ratownictwo wodne, nocna orientacja i finałowe wyzwanie."
                ),
                "description": (
                    "Ostatni letni obóz survivalowy łączy młodzież z obu miast tuż przed nowym "
                    "rokiem szkolnym. W programie: podstawy ratownictwa wodnego z ratownikami, "
                    "nocne marsze na orientację, dzień żeglowania i kajaków oraz finałowe wyzwanie "
                    "w mieszanych polsko-litewskich drużynach. Wieczorami streetworkerzy prowadzą "
                    "przy ognisku rozmowy o tym, co naprawdę ważne – o przyjaciołach, rodzinie i "
                    "planach na przyszłość."
                ),
                "practical_info": (
                    "Zabierz śpiwór, strój kąpielowy, latarkę czołówkę i ciepłe ubrania na "
                    "wieczory; wyżywienie i sprzęt zapewniamy. Autokar odjeżdża spod Urzędu Miasta "
                    "przy ul. Piłsudskiego 4 o 9:30."
                ),
            },
            "lt": {
                "title": "Vasaros pabaigos išgyvenimo stovykla prie ežero netoli Elko",
                "summary": (
                    "Penkios dienos prie ežero netoli Elko 13–17 metų jaunimui iš Elko ir Alytaus: "
                    "gelbėjimas vandenyje, naktinis orientavimasis ir baigiamasis iššūkis."
                ),
                "description": (
                    "Paskutinė vasaros išgyvenimo stovykla prieš naujus mokslo metus suburia "
                    "abiejų miestų jaunimą. Programoje – gelbėjimo vandenyje pagrindai su "
                    "gelbėtojais, naktinis orientavimasis, buriavimo ir baidarių diena ir "
                    "baigiamasis iššūkis mišriose lenkų ir lietuvių komandose. Vakarais prie laužo "
                    "gatvės darbuotojai kalbasi apie tai, kas iš tiesų svarbu: draugus, šeimą ir "
                    "ateities planus."
                ),
                "practical_info": (
                    "Pasiimk miegmaišį, maudymosi reikmenis, žibintuvėlį ant galvos ir šiltų "
                    "drabužių vakarams; maitinimą ir įrangą parūpinsime. Autobusas išvyksta 7.30 "
                    "nuo Alytaus miesto bendruomenės centro, Jaunimo g. 3."
                ),
            },
        },
    },
    # Mon 23 Aug 2027 when seeded on 2026-11-22
    {
        "kind": "social_camp",
        "partner": "daugavpils",
        "venue": "antazave",
        "starts_in_days": 274,
        "start_time": "14:00",
        "days": 5,
        "end_time": "12:00",
        "capacity": 30,
        "min_age": 60,
        "max_age": None,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "Late-summer camp for older people living alone",
                "summary": (
                    "Five days of company, movement and care at Antazavė for people over 60 from "
                    "Daugavpils and Zarasai district."
                ),
                "description": (
                    "The needs of older people have been overlooked for decades, and loneliness is "
                    "often the hardest part. At this pilot social camp, older residents from both "
                    "sides of the border share meals, gentle exercise, crafts and evenings of "
                    "song, while social workers and nurses offer health checks and advice on the "
                    "support available at home. The camp tests new social-inclusion practices that "
                    "Daugavpils and Zarasai plan to offer all year round."
                ),
                "practical_info": (
                    "Please bring your regular medicines, any walking aids you use and comfortable "
                    "shoes, and tell us about mobility needs when you register. A bus collects "
                    "participants in Daugavpils and Zarasai on the first day."
                ),
            },
            "lt": {
                "title": "Vasaros pabaigos stovykla vieniems gyvenantiems senjorams",
                "summary": (
                    "Penkios bendrystės, judėjimo ir rūpesčio dienos Antazavėje vyresniems nei 60 "
                    "metų žmonėms iš Daugpilio ir Zarasų rajono."
                ),
                "description": (
                    "Senyvo amžiaus žmonių poreikiai dešimtmečius liko nepastebėti, o sunkiausia "
                    "dažnai būna vienatvė. Šioje bandomojoje socialinėje stovykloje abiejų šalių "
                    "senjorai kartu valgys, mankštinsis, kurs rankdarbius ir vakarais dainuos, o "
                    "socialiniai darbuotojai ir slaugytojai patikrins sveikatą ir patars, kokios "
                    "pagalbos galima gauti namuose. Stovykloje išbandomos naujos socialinės "
                    "įtraukties praktikos, kurias Daugpilis ir Zarasai ketina taikyti ištisus "
                    "metus."
                ),
                "practical_info": (
                    "Pasiimkite nuolat vartojamus vaistus, vaikščiojimo priemones, jei jomis "
                    "naudojatės, ir patogią avalynę, o registruodamiesi praneškite apie judėjimo "
                    "poreikius. Pirmąją dieną autobusas paims dalyvius Zarasuose ir Daugpilyje."
                ),
            },
            "lv": {
                "title": "Vasaras nogales nometne vientuļajiem senioriem",
                "summary": (
                    "Piecas kopības, kustību un rūpju dienas Antazavā cilvēkiem no 60 gadu vecuma "
                    "no Daugavpils un Zarasu rajona."
                ),
                "description": (
                    "Senioru vajadzības gadu desmitiem bijušas atstātas novārtā, un visgrūtākā "
                    "bieži vien ir vientulība. Šajā izmēģinājuma sociālajā nometnē seniori no abām "
                    "robežas pusēm kopā ēdīs, vingros, darbosies rokdarbos un vakaros dziedās, bet "
                    "sociālie darbinieki un medmāsas pārbaudīs veselību un pastāstīs, kādu "
                    "atbalstu iespējams saņemt mājās. Nometnē tiek izmēģinātas jaunas sociālās "
                    "iekļaušanas prakses, ko Daugavpils un Zarasi plāno piedāvāt visu gadu."
                ),
                "practical_info": (
                    "Lūdzam paņemt līdzi ikdienā lietotās zāles, pārvietošanās palīglīdzekļus, ja "
                    "tādus izmantojat, un ērtus apavus, bet, reģistrējoties, pastāstiet par savām "
                    "pārvietošanās vajadzībām. Pirmajā dienā autobuss savāks dalībniekus "
                    "Daugavpilī un Zarasos."
                ),
            },
        },
    },
    # Thu 16 Sep 2027 when seeded on 2026-11-22
    {
        "kind": "workshop",
        "partner": "ehs_dresden",
        "venue": "ehs_dresden",
        "starts_in_days": 298,
        "start_time": "09:30",
        "days": 1,
        "end_time": "16:00",
        "capacity": 40,
        "min_age": 18,
        "max_age": None,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "Closing workshop: Transferable methods and the good-practice analysis",
                "summary": (
                    "The final cross-border workshop in Dresden: the bilingual good-practice "
                    "analysis is presented and partners plan cooperation beyond the project."
                ),
                "description": (
                    "In three earlier workshops, Czech and Saxon professionals compared working "
                    "methods, legislation, funding and examples of good practice. At this closing "
                    "meeting we present the Czech–German analysis of good practice in preventing "
                    "social exclusion, hear how Dresden organisations such as Kolibri e.V., Omse "
                    "e.V. and the Verein Sozialpädagogischer Projekte work, and explore in small "
                    "groups which methods can travel across the border. The day ends with time for "
                    "networking and for planning further cooperation."
                ),
                "practical_info": (
                    "Interpreting, lunch and a printed copy of the analysis are provided. A shared "
                    "minibus leaves ACoRD CZ in Ústí nad Labem at 7:45."
                ),
            },
            "de": {
                "title": "Abschlussworkshop: Übertragbare Methoden und Good-Practice-Analyse",
                "summary": (
                    "Der letzte grenzüberschreitende Workshop in Dresden: Vorstellung der "
                    "zweisprachigen Good-Practice-Analyse und Pläne für die Zusammenarbeit nach "
                    "Projektende."
                ),
                "description": (
                    "In drei Workshops haben Fachleute aus Tschechien und Sachsen Arbeitsmethoden, "
                    "rechtliche Rahmenbedingungen, Finanzierung und Beispiele guter Praxis "
                    "verglichen. Zum Abschluss stellen wir die deutsch-tschechische Analyse guter "
                    "Praxis zur Prävention sozialer Ausgrenzung vor, hören, wie Dresdner Träger – "
                    "etwa Kolibri e.V., Omse e.V. und der Verein Sozialpädagogischer Projekte e.V. "
                    "– arbeiten, und erarbeiten in Kleingruppen, welche Methoden sich über die "
                    "Grenze übertragen lassen. Der Tag endet mit Zeit zum Vernetzen und zur "
                    "Planung weiterer Zusammenarbeit."
                ),
                "practical_info": (
                    "Dolmetschen, Mittagessen und ein gedrucktes Exemplar der Analyse sind "
                    "inklusive. Ein gemeinsamer Kleinbus fährt um 7:45 Uhr bei ACoRD CZ in Ústí "
                    "nad Labem ab."
                ),
            },
            "cs": {
                "title": "Závěrečný workshop: Přenositelné metody a analýza dobré praxe",
                "summary": (
                    "Poslední přeshraniční workshop v Drážďanech: představení dvojjazyčné analýzy "
                    "dobré praxe a plány na spolupráci i po skončení projektu."
                ),
                "description": (
                    "Na třech předchozích workshopech porovnávali čeští a saští odborníci metody "
                    "práce, legislativu, financování a příklady dobré praxe. Na závěrečném setkání "
                    "představíme česko-německou analýzu dobré praxe v předcházení sociálnímu "
                    "vyloučení, poslechneme si, jak pracují drážďanské organizace jako Kolibri "
                    "e.V., Omse e.V. a Verein Sozialpädagogischer Projekte e.V., a v malých "
                    "skupinách probereme, které metody lze přenést přes hranici. Na konci dne "
                    "zbude čas na navázání kontaktů a plánování další spolupráce."
                ),
                "practical_info": (
                    "Tlumočení, oběd a tištěný výtisk analýzy jsou zajištěny. Společný mikrobus "
                    "odjíždí v 7:45 od sídla ACoRD CZ v Ústí nad Labem."
                ),
            },
        },
    },
    # Tue 05 Oct 2027 when seeded on 2026-11-22
    {
        "kind": "workshop",
        "partner": "elk",
        "venue": "elk_centre",
        "starts_in_days": 317,
        "start_time": "09:30",
        "days": 3,
        "end_time": "14:00",
        "capacity": 24,
        "min_age": 18,
        "max_age": None,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "Joint training for street workers, part 2 (Ełk)",
                "summary": (
                    "The Lithuanian–Polish street workers team meets again in Ełk to review a year "
                    "of street work and plan the next pilot street actions."
                ),
                "description": (
                    "After a season of survival camps and months of work in the neighbourhoods, "
                    "street workers from Alytus and Ełk meet to look back at what they have "
                    "learned in the backyards, at the camps and on the streets. The programme "
                    "covers case discussions, supervision, self-care in demanding work and the "
                    "next pilot street actions for vulnerable young people and their families. "
                    "NGOs, the police and education organisations are invited to the final day to "
                    "strengthen the cross-border network."
                ),
                "practical_info": (
                    "Accommodation in Ełk and meals are covered for participants from Alytus; a "
                    "minibus leaves the Alytus community centre the evening before. All sessions "
                    "are interpreted between Polish and Lithuanian."
                ),
            },
            "lt": {
                "title": "Bendri gatvės darbuotojų mokymai, II dalis (Elkas)",
                "summary": (
                    "Lietuvos ir Lenkijos gatvės darbuotojų komanda vėl susitinka Elke – aptarti "
                    "metų darbo gatvėje ir suplanuoti naujas bandomąsias gatvės akcijas."
                ),
                "description": (
                    "Po išgyvenimo stovyklų sezono ir mėnesių darbo kiemuose Alytaus ir Elko "
                    "gatvės darbuotojai vėl susitinka apžvelgti, ko išmoko kiemuose, stovyklose ir "
                    "gatvėse. Programoje – atvejų aptarimai, supervizija, rūpinimasis savimi "
                    "dirbant sunkų darbą ir naujos bandomosios gatvės akcijos pažeidžiamiems "
                    "jaunuoliams ir jų šeimoms. Paskutinę dieną kviečiame prisijungti NVO, "
                    "policiją ir švietimo organizacijas, kad sustiprintume tarpvalstybinį tinklą."
                ),
                "practical_info": (
                    "Dalyviams iš Alytaus nakvynę Elke ir maitinimą apmokame mes; mikroautobusas "
                    "nuo Alytaus miesto bendruomenės centro išvyksta išvakarėse vakare. Visi "
                    "užsiėmimai verčiami į lietuvių ir lenkų kalbas."
                ),
            },
            "pl": {
                "title": "Wspólne szkolenie streetworkerów, część 2 (Ełk)",
                "summary": (
                    "Polsko-litewski zespół streetworkerów spotyka się ponownie w Ełku, by "
                    "podsumować rok pracy na ulicy i zaplanować kolejne pilotażowe działania "
                    "uliczne."
                ),
                "description": (
                    "Po sezonie obozów survivalowych i miesiącach pracy w terenie streetworkerzy z "
                    "Ełku i Olity znów się spotykają, żeby przyjrzeć się temu, czego nauczyli się "
                    "na podwórkach, obozach i ulicach. W programie: omawianie przypadków, "
                    "superwizja, dbanie o siebie w wymagającej pracy oraz kolejne pilotażowe "
                    "działania uliczne dla zagrożonych nastolatków i ich rodzin. Na ostatni dzień "
                    "zapraszamy organizacje pozarządowe, policję i placówki oświatowe, aby "
                    "wzmocnić transgraniczną sieć współpracy."
                ),
                "practical_info": (
                    "Uczestnikom z Olity zapewniamy nocleg w Ełku i wyżywienie; bus spod centrum "
                    "społecznego w Olicie wyjeżdża dzień wcześniej wieczorem. Wszystkie zajęcia są "
                    "tłumaczone na język polski i litewski."
                ),
            },
        },
    },
    # Fri 15 Oct 2027 when seeded on 2026-11-22
    {
        "kind": "social_camp",
        "partner": "zarasai",
        "venue": "antazave",
        "starts_in_days": 327,
        "start_time": "17:00",
        "days": 3,
        "end_time": "14:00",
        "capacity": 30,
        "min_age": None,
        "max_age": None,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "Grandparents and grandchildren weekend at Antazavė",
                "summary": (
                    "A weekend at Antazavė for grandparents raising their grandchildren – the "
                    "fourth and last of the “Valued people” pilot social camps."
                ),
                "description": (
                    "In many families in Zarasai district and Daugavpils, grandparents bring up "
                    "their grandchildren while the parents work far from home. This weekend gives "
                    "both generations time together – baking, nature walks, board games and a "
                    "family quiz – while social workers run short sessions for grandparents on "
                    "support, benefits and talking with teenagers. It closes the series of four "
                    "pilot camps that welcome 120 people to the renovated Antazavė house."
                ),
                "practical_info": (
                    "Bring indoor shoes, warm clothes and your grandchildren's favourite games; "
                    "rooms, bedding and all meals are provided. On Friday, buses leave the Zarasai "
                    "district administration at 16:00 and the Social Service in Daugavpils "
                    "(Vienības iela 8) at 15:00."
                ),
            },
            "lt": {
                "title": "Senelių ir anūkų savaitgalis Antazavėje",
                "summary": (
                    "Savaitgalis Antazavėje seneliams, auginantiems anūkus, – ketvirtoji ir "
                    "paskutinė „Valued people“ bandomoji socialinė stovykla."
                ),
                "description": (
                    "Daugelyje Zarasų rajono ir Daugpilio šeimų anūkus augina seneliai, kol tėvai "
                    "dirba toli nuo namų. Šis savaitgalis skirtas abiem kartoms pabūti kartu – "
                    "kepti, vaikščioti gamtoje, žaisti stalo žaidimus ir dalyvauti šeimų "
                    "viktorinoje, o socialiniai darbuotojai seneliams surengs trumpus užsiėmimus "
                    "apie pagalbą, išmokas ir bendravimą su paaugliais. Juo užbaigiamas keturių "
                    "bandomųjų stovyklų ciklas, per kurį atnaujintuose Antazavės namuose apsilanko "
                    "120 žmonių."
                ),
                "practical_info": (
                    "Pasiimkite šlepetes, šiltus drabužius ir mėgstamus anūkų žaidimus; kambariai, "
                    "patalynė ir maitinimas – vietoje. Penktadienį autobusas išvyksta 16 val. nuo "
                    "Zarasų rajono savivaldybės administracijos."
                ),
            },
            "lv": {
                "title": "Vecvecāku un mazbērnu nedēļas nogale Antazavā",
                "summary": (
                    "Nedēļas nogale Antazavā vecvecākiem, kuri audzina mazbērnus, – ceturtā un "
                    "pēdējā “Valued people” izmēģinājuma sociālā nometne."
                ),
                "description": (
                    "Daudzās Daugavpils un Zarasu rajona ģimenēs mazbērnus audzina vecvecāki, "
                    "kamēr vecāki strādā tālu prom. Šī nedēļas nogale abām paaudzēm ļaus pabūt "
                    "kopā – cept, doties pastaigās dabā, spēlēt galda spēles un piedalīties ģimeņu "
                    "viktorīnā, bet sociālie darbinieki vecvecākiem vadīs īsas nodarbības par "
                    "atbalstu, pabalstiem un sarunām ar pusaudžiem. Ar to noslēdzas četru "
                    "izmēģinājuma nometņu cikls, kurā atjaunotais Antazavas nams uzņem 120 "
                    "cilvēkus."
                ),
                "practical_info": (
                    "Paņemiet līdzi maiņas apavus, siltu apģērbu un mazbērnu iecienītās spēles; "
                    "istabas, gultasveļu un ēdināšanu nodrošinām. Piektdien autobuss atiet plkst. "
                    "15.00 no Sociālā dienesta Vienības ielā 8, Daugavpilī."
                ),
            },
        },
    },
    # Sat 06 Nov 2027 when seeded on 2026-11-22
    {
        "kind": "activity",
        "partner": "kaunas_youth",
        "venue": "kaunas_climbing",
        "starts_in_days": 349,
        "start_time": "16:00",
        "days": 1,
        "end_time": "19:00",
        "capacity": 14,
        "min_age": 14,
        "max_age": 29,
        "waitlist": "auto",
        "texts": {
            "en": {
                "title": "Autumn climbing evening in Dainava",
                "summary": (
                    "An evening of bouldering and rope climbing at the Dainava climbing centre for "
                    "14–29 year olds – beginners welcome."
                ),
                "description": (
                    "When it gets dark early, the climbing centre is the warmest place to hang "
                    "out. Try bouldering without ropes, take on a route with an instructor or help "
                    "a friend find the next hold. Youth workers from the KMP Youth Centre are "
                    "around all evening – for a chat or, if you need it, to arrange a confidential "
                    "one-to-one session with a psychologist or social worker."
                ),
                "practical_info": (
                    "Sports clothes are all you need; shoes and harnesses are provided. Meet at "
                    "the main entrance at 15:50 – tea and sandwiches included."
                ),
            },
            "lt": {
                "title": "Rudens laipiojimo vakaras Dainavoje",
                "summary": (
                    "Boulderingo ir laipiojimo su virve vakaras Dainavos laipiojimo centre 14–29 "
                    "metų jaunimui – laukiami ir pradedantieji."
                ),
                "description": (
                    "Kai anksti sutemsta, laipiojimo centras – šilčiausia vieta susitikti. "
                    "Išbandyk boulderingą be virvių, įveik trasą su instruktoriumi arba padėk "
                    "draugui surasti kitą atramą. KMP Jaunimo centro darbuotojai bus šalia visą "
                    "vakarą – pasikalbėti, o jei reikia, ir susitarti dėl konfidencialios "
                    "individualios psichologo ar socialinio darbuotojo konsultacijos."
                ),
                "practical_info": (
                    "Užtenka sportinės aprangos – batelius ir saugos diržus duosime. Susitinkame "
                    "15.50 prie pagrindinio įėjimo, arbata ir sumuštiniai – mūsų."
                ),
            },
        },
    },
]
