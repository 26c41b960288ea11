#!/usr/bin/env bash
# The actors and targets of the Arabic gold set, registered with the toolkit's own commands.
# Usage: CLAIMS_DB=/tmp/ag/gold.db bash datasets/arabic-gold/make_registry.sh
# (registry.yaml beside this file is its export: 'claims registry export registry.yaml').
set -euo pipefail
a() { claims actors add "$@" >/dev/null; }
t() { claims targets add "$@" >/dev/null; }

# countries
a Syria --kind country --alias سوريا --alias سورية --alias دمشق --alias "الحكومة السورية" --alias "النظام السوري" --alias السوري --alias السورية
a Russia --kind country --alias روسيا --alias موسكو --alias الكرملين --alias الروسي --alias الروسية --alias روس
a "United States" --kind country --alias "الولايات المتحدة" --alias واشنطن --alias أمريكا --alias أميركا --alias الأمريكي --alias الأميركي --alias "البيت الأبيض"
a Turkey --kind country --alias تركيا --alias أنقرة --alias التركي --alias التركية
a Iran --kind country --alias إيران --alias طهران --alias الإيراني --alias الإيرانية
a Israel --kind country --alias إسرائيل --alias "الاحتلال الإسرائيلي" --alias الإسرائيلي --alias الاحتلال
a Iraq --kind country --alias العراق --alias بغداد --alias العراقي --alias العراقية
a Australia --kind country --alias أستراليا --alias استراليا --alias الأسترالية --alias الاسترالي --alias "الحكومة الأسترالية"
a Egypt --kind country --alias مصر --alias القاهرة --alias المصري
a Ethiopia --kind country --alias إثيوبيا --alias "أديس أبابا"
a Ukraine --kind country --alias أوكرانيا --alias كييف --alias أوكرانيون --alias الأوكرانية
a Germany --kind country --alias ألمانيا --alias الألمانية
a France --kind country --alias فرنسا --alias الفرنسي
a Netherlands --kind country --alias هولندا
a "Saudi Arabia" --kind country --alias السعودية
a China --kind country --alias الصين --alias الصيني
# organisations and groups
a "United Nations" --alias "الأمم المتحدة"
a UNHCR --alias "المفوضية العليا لشؤون اللاجئين" --alias "مفوضية الأمم المتحدة السامية لشؤون اللاجئين" --parent "United Nations"
a "Syrian Observatory for Human Rights" --alias "المرصد السوري لحقوق الإنسان" --alias "المرصد السوري"
a "Syrian Democratic Forces" --alias "قوات سوريا الديمقراطية"
a "People's Protection Units" --alias "وحدات حماية الشعب" --alias "وحدات حماية الشعب الكردية"
a "Syrian Kurds" --kind group --alias "أكراد سوريا" --alias "الأكراد السوريين" --alias كردي --alias الكردية
a "Syrian opposition" --kind group --alias "المعارضة السورية" --alias المعارضة --alias معارضون --alias معارضان
a "Syrian protesters" --kind group --alias المتظاهرون --alias المتظاهرين
a "Hayat Tahrir al-Sham" --alias "هيئة تحرير الشام" --alias "تحرير الشام"
a "Islamic State" --alias داعش --alias "تنظيم الدولة" --alias "الدولة الإسلامية"
a "Jabhat al-Nusra" --alias "جبهة النصرة" --alias النصرة
a "Jaish al-Fath" --alias "جيش الفتح"
a Hezbollah --alias "حزب الله"
a "Nour al-Din al-Zenki Movement" --alias "حركة نور الدين زنكي" --alias "حركة نور الدين الزنكي"
a "Jabhat Thuwar Souria" --alias "جبهة ثوار سوريا"
a "Ahrar Houran Gathering" --alias "تجمع أحرار حوران"
a "Conflict Armament Research" --alias "مؤسسة أبحاث التسلح في الصراعات" --alias كار
a "Norwegian Nobel Institute" --alias "معهد نوبل النرويجي"
a "Kurdistan Democratic Party" --alias "الحزب الديمقراطي الكردستاني" --alias "الحزب الديمقراطي"
a "Russian Ministry of Defence" --alias "وزارة الدفاع الروسية" --alias "الدفاع الروسية" --parent Russia
a "Russian Foreign Ministry" --alias "وزارة الخارجية الروسية" --alias "الخارجية الروسية" --parent Russia
a "US State Department" --alias "وزارة الخارجية الأمريكية" --alias "وزارة الخارجية الاميركية" --alias "الخارجية الأمريكية" --parent "United States"
a Pentagon --alias البنتاجون --alias البنتاغون --alias "وزارة الدفاع الأمريكية" --parent "United States"
a "Turkish Presidency" --alias "الرئاسة التركية" --parent Turkey
a "Syrian military media" --alias "الإعلام الحربي" --alias "الإعلام الحربى" --parent Syria
a "Iraqi Air Force" --alias "القوة الجوية العراقية" --alias "القوات الجوية العراقية" --alias "قيادة القوة الجوية" --alias "القوة الجوية" --parent Iraq
a "Iraqi Ministry of Defence" --alias "وزارة الدفاع العراقية" --parent Iraq
a "Revolutionary Guard" --alias "الحرس الثوري" --parent Iran
# persons
p() { local name=$1 parent=$2; shift 2; a "$name" --kind person --parent "$parent" "$@"; }
q() { a "$1" --kind person "${@:2}"; }
p "Ahmad Hassoun" Syria --alias "أحمد حسون" --alias حسون --alias "مفتي سوريا"
q "Ahmad al-Jarallah" --alias "أحمد الجار الله" --alias "الجار الله" --alias الجارالله
p "Walid Muallem" Syria --alias "وليد المعلم" --alias المعلم
p "Bashar al-Assad" Syria --alias "بشار الأسد" --alias الأسد
p "Bashar al-Jaafari" Syria --alias "بشار الجعفري" --alias الجعفري
p "Suheil al-Hassan" Syria --alias "العقيد الحسن" --alias "سهيل الحسن"
q "Shadi Helweh" --alias "شادي حلوة"
p "Marise Payne" Australia --alias "ماريز باين"
p "Scott Morrison" Australia --alias "سكوت موريسون" --alias موريسون
q "Steven Gerrard" --alias "ستيفين جيرارد" --alias جيرارد
p "Sergei Lavrov" Russia --alias "سيرغي لافروف" --alias لافروف
p "Sergei Shoigu" Russia --alias "سيرجي شويجو" --alias شويجو
p "Vladimir Putin" Russia --alias "فلاديمير بوتين" --alias بوتين
p "Alexander Lavrentiev" Russia --alias "ألكسندر لافرنتييف" --alias لافرنتييف
p "Igor Konashenkov" "Russian Ministry of Defence" --alias "إيغور كوناشينكوف" --alias كوناشينكوف
p "Grigory Karasin" "Russian Foreign Ministry" --alias "غرغوري كاراسين" --alias كاراسين
p "Franz Klintsevich" Russia --alias "فرانز كليسيفيتش" --alias كليسيفيتش
q "Vladimir Mukhin" --alias "فلاديمير موخين" --alias موخين
q "Ayman Salama" --alias "أيمن سلامة" --alias "ايمن سلامة" --alias سلامة
p "Eric Dal" France --alias "إريك دال" --alias إريك
p "Staffan de Mistura" "United Nations" --alias "ستافان دي ميستورا" --alias "دي ميستورا"
p "Jan Egeland" "United Nations" --alias "يان إيجلاند" --alias إيجلاند
p "Jim Mattis" "United States" --alias "جيم ماتيس" --alias ماتيس
p "Donald Trump" "United States" --alias "دونالد ترامب" --alias ترامب
p "Sarah Sanders" "United States" --alias "سارة ساندرز" --alias ساندرز
p "Douglas Silliman" "United States" --alias "دوغلاس سيليمان" --alias سيليمان
q "John Lehman" --alias "جون ليمان" --alias ليمان
p "Geir Lundestad" "Norwegian Nobel Institute" --alias "جير لوندستاد" --alias لوندستاد
p "Mohammad Ali Jafari" "Revolutionary Guard" --alias "محمد علي جعفري" --alias جعفري
p "Avigdor Lieberman" Israel --alias "أفيغدور ليبرمان" --alias ليبرمان
p "Angela Merkel" Germany --alias "أنغيلا ميركل" --alias ميركل
p "Emmanuel Macron" France --alias "إيمانيول ماكرون" --alias ماكرون
p "Yahya al-Aridi" "Syrian opposition" --alias العريضي
p "Abu Omar al-Hourani" "Ahrar Houran Gathering" --alias "أبو عمر الحوراني" --alias الحوراني
p "Maher al-Ali" "Jabhat Thuwar Souria" --alias "ماهر العلي"
p "Rami Abdul Rahman" "Syrian Observatory for Human Rights" --alias "رامي عبد الرحمن" --alias "عبد الرحمن"
p "Badran Jia Kurd" "Syrian Kurds" --alias "بدران جيا كورد"
p "Sarwa Abdul Wahid" Iraq --alias "سروة عبد الواحد"
p "Hafal Abu Bakr" Iraq --alias "هفال ابو بكر"

# targets
t "Assad government" --kind actor --alias "نظام الأسد" --alias "النظام السوري" --alias "الحكومة السورية" --alias "بشار الأسد" \
  --description "The Syrian government of Bashar al-Assad, its army and institutions."
t "Withdrawal of foreign forces from Syria" --kind claim --alias "انسحاب القوات" --alias بالانسحاب \
  --alias "سحب قواتها" --alias "إخراج القوات الأجنبية" --description "Foreign (US, Turkish) troops should leave Syria."
t "Kurdish self-rule in Syria" --alias "الحكم الذاتي" --alias "الحكم الذاتى" --alias "الإدارة الذاتية" --alias الفيدرالية \
  --description "Autonomy or federalism for the Kurdish-held north of Syria."
t "US arming of the YPG" --alias "تسليح وحدات حماية الشعب" --alias "تسليح المقاتلين الأكراد" --alias "الأسلحة للقوات الكردية" \
  --description "The United States supplying weapons to the Syrian Kurdish YPG."
t "Sochi Syrian national dialogue conference" --alias "مؤتمر الحوار الوطني" --alias سوتشي --alias "المؤتمر السوري للحوار الوطني" \
  --description "The conference of Syrian parties hosted by Russia in Sochi."
t "US weapons for Ukraine" --alias "أسلحة لأوكرانيا" --alias "تزويد الولايات المتحدة لأوكرانيا بأسلحة" --alias "إمدادات الأسلحة" \
  --description "The United States supplying (defensive) weapons to Ukraine."
t "Russian air strikes on Idlib" --kind claim --alias "قصف إدلب" --alias "غارات جوية على مدينة إدلب" \
  --description "Russia bombs the city of Idlib (a claim Russia denies)."
t "Sieges of Syrian towns" --alias الحصار --alias حصار --description "Besieging Syrian towns and blocking aid to civilians."
t "World Bank mediation on the Renaissance Dam" --alias "وساطة البنك الدولي" --alias "سد النهضة" \
  --description "The World Bank mediating between Egypt, Ethiopia and Sudan over the Ethiopian dam."
t "Dutch ban on the Turkish ministers' visit" --alias "الوزيرين التركيين" --alias "الوزيرة التركية" --alias "هبوط طائرة" \
  --description "The Netherlands refusing Turkish ministers entry to campaign for the 2017 referendum."
t "Australian payments to asylum seekers to go home" --alias "حوافز لطالبي اللجوء" --alias "حزم الحوافز" \
  --description "Australia paying asylum seekers to withdraw their claims and return home."
t "US and Saudi arms reaching Islamic State" --kind claim --alias "أسلحة قدمتها الولايات المتحدة والسعودية" \
  --alias "أسلحة اشترتها الولايات المتحدة" --description "Weapons given to the Syrian opposition ended up with Islamic State."
